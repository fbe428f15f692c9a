import { expect } from 'chai';
import {
  sdkClient,
  sdkFailure,
  type BackendAiClient,
  type ManagerDeployment,
} from './support/manager-deployment';
import { ALICE, SUPERADMIN, bootGraphQLManager, createSession, statusReached } from './graphql-harness';

/** The part of the official SDK's `computeSession` wrapper these tests call. */
interface ComputeSessionApi {
  list(
    fields?: string[],
    status?: string,
    accessKey?: string,
    limit?: number,
    offset?: number,
  ): Promise<{ compute_session_list: { total_count: number; items: Array<Record<string, unknown>> } }>;
  get(fields: string[], sessionUuid: string): Promise<{ compute_session: Record<string, unknown> | null }>;
  total_count(status?: string): Promise<{ compute_session_list: { total_count: number } }>;
}

type SdkClient = BackendAiClient & {
  computeSession: ComputeSessionApi;
  _updateFieldCompatibilityByAPIVersion(fields: string[]): string[];
};

describe('manager GraphQL with the official JS SDK (backend.ai-client computeSession)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let client: SdkClient;
  let running: string;
  let pending: string;

  before(async () => {
    deployment = await bootGraphQLManager();
    running = await createSession(deployment, SUPERADMIN, 'sdk-running');
    await statusReached(deployment, running, 'RUNNING');
    pending = await createSession(deployment, SUPERADMIN, 'sdk-pending', {
      config: { resources: { cpu: 16 } },
    });
    await statusReached(deployment, await createSession(deployment, ALICE, 'sdk-alice'), 'RUNNING');
    client = sdkClient(deployment.endpoint) as SdkClient;
    await client.get_manager_version();
  });
  after(async () => {
    await deployment?.stop();
  });

  it('leaves field names alone for the API version we report (v9), renaming session_name only below v5', () => {
    expect(client._updateFieldCompatibilityByAPIVersion(['id', 'session_name', 'name'])).to.deep.equal([
      'id',
      'session_name',
      'name',
    ]);
    // A client that never asked the version assumes an old manager and rewrites session_name to sess_id.
    const fresh = sdkClient(deployment.endpoint) as SdkClient;
    expect(fresh._updateFieldCompatibilityByAPIVersion(['id', 'session_name'])).to.deep.equal([
      'id',
      'sess_id',
    ]);
  });

  it("computeSession.list with its default fields answers our sessions, 'PENDING,RUNNING' as the status list", async () => {
    const { compute_session_list: list } = await client.computeSession.list(undefined, 'PENDING,RUNNING');
    expect(list.total_count).to.be.at.least(2);
    const mine = list.items.filter((s) => s['id'] === running || s['id'] === pending);
    expect(mine.map((s) => [s['name'], s['status']])).to.deep.equal([
      ['sdk-pending', 'PENDING'],
      ['sdk-running', 'RUNNING'],
    ]);
    const listedRunning = mine[1]!;
    expect(Object.keys(listedRunning).sort()).to.deep.equal(
      [
        'containers',
        'created_at',
        'id',
        'image',
        'name',
        'occupied_slots',
        'status',
        'status_info',
        'terminated_at',
      ].sort(),
    );
    expect(JSON.parse(listedRunning['occupied_slots'] as string)).to.deep.equal({
      cpu: '1',
      mem: '1073741824',
    });
    expect(listedRunning['containers']).to.deep.equal([{ live_stat: null, last_stat: null }]);
  });

  it('computeSession.list filters by access key and pages with limit and offset', async () => {
    const fields = ['id', 'name', 'access_key', 'user_email'];
    const alices = await client.computeSession.list(fields, 'PENDING,RUNNING', ALICE.accessKey, 10, 0);
    expect(
      alices.compute_session_list.items.map((s) => [s['name'], s['access_key'], s['user_email']]),
    ).to.deep.equal([['sdk-alice', ALICE.accessKey, 'alice@lablup.com']]);
    const second = await client.computeSession.list(['name'], 'PENDING,RUNNING', '', 1, 1);
    expect(second.compute_session_list.total_count).to.equal(3);
    expect(second.compute_session_list.items).to.deep.equal([{ name: 'sdk-pending' }]);
    expect((await client.computeSession.total_count('RUNNING')).compute_session_list.total_count).to.equal(2);
  });

  it('computeSession.get answers one session by id, with the scheduling extension', async () => {
    const answer = await client.computeSession.get(
      ['id', 'name', 'status', 'scaling_group', 'scheduling { pending placement { result reason } }'],
      pending,
    );
    expect(answer.compute_session).to.deep.equal({
      id: pending,
      name: 'sdk-pending',
      status: 'PENDING',
      scaling_group: 'default',
      scheduling: {
        pending: true,
        placement: {
          result: 'unplaceable',
          reason: 'no agent is large enough: cpu (requested 16, the largest agent has 4)',
        },
      },
    });
  });

  it("reports a GraphQL error through the SDK's error object (400, the first message in the title)", async () => {
    // get()'s default fields are pre-v5 names (session_name, lang, cpu_used, ...) that no v5+ manager serves.
    const failure = await sdkFailure(
      client.computeSession.get(
        ['id', 'session_name', 'lang', 'cpu_used', 'io_read_bytes', 'io_write_bytes'],
        running,
      ),
    );
    expect(failure.statusCode).to.equal(400);
    expect(failure.title).to.match(
      /^400 Bad Request - GraphQL error: Cannot query field "session_name" on type "ComputeSession"/,
    );
    expect(failure.title).to.include('(and 4 more)');
  });
});
