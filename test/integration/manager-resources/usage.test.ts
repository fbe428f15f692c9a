import { request } from 'node:http';
import { expect } from 'chai';
import { signRequest } from '@tessera/signing';
import { createSession, signedCall, statusReached, type Caller } from '../manager/graphql-harness';
import { bootManager, type ManagerDeployment } from '../manager/support/manager-deployment';
import { ALICE, DEFAULT_PROJECT_ID, populateTenants, SUPERADMIN } from './support/resource-tenants';

const GIB = 1024 ** 3;

describe('manager resources: usage reports and monthly stats', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let endedId: string;
  let runningId: string;
  const month = new Date().toISOString().slice(0, 7).replace('-', '');
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');

  before(async () => {
    deployment = await bootManager({ features: [{ package: '@tessera/manager-resources' }] });
    await populateTenants(deployment);
    endedId = await createSession(deployment, SUPERADMIN, 'ended', {
      config: { resources: { cpu: 1, mem: '1g' } },
    });
    runningId = await createSession(deployment, SUPERADMIN, 'running', {
      config: { resources: { cpu: 2, mem: '2g' } },
    });
    await statusReached(deployment, endedId, 'RUNNING');
    await statusReached(deployment, runningId, 'RUNNING');
    expect(
      (await signedCall(deployment.endpoint, SUPERADMIN, 'DELETE', `/session/${endedId}`)).status,
    ).to.equal(204);
    await statusReached(deployment, endedId, 'TERMINATED');
  });
  after(async () => {
    await deployment?.stop();
  });

  const get = (caller: Caller, path: string) => signedCall(deployment.endpoint, caller, 'GET', path);

  it("reports this month's kernels per project, ended and running, with allocations and used time", async () => {
    const answer = await get(SUPERADMIN, `/resource/usage/month?month=${month}`);
    expect(answer.status).to.equal(200);
    const projects = answer.body as unknown as Array<Record<string, unknown>>;
    expect(projects).to.have.length(1);
    expect(projects[0]).to.deep.include({
      domain_name: 'default',
      g_id: DEFAULT_PROJECT_ID,
      g_name: 'default',
      g_cpu_allocated: 3,
      g_mem_allocated: 3 * GIB,
    });
    const kernels = projects[0]!['c_infos'] as Array<Record<string, unknown>>;
    expect(kernels.map((k) => [k['name'], k['status'], k['cpu_allocated']])).to.deep.equal([
      ['ended', 'TERMINATED', 1],
      ['running', 'RUNNING', 2],
    ]);
    expect(kernels[0]!['used_time']).to.match(/^0:00:\d\d(\.\d{6})?$/);
    expect(kernels[0]!['used_days']).to.equal(1);
    expect(kernels[1]!['used_time']).to.equal(null);
  });

  it('filters the month by project and reads the parameters from a GET body, as the Python client sends', async () => {
    const other = await getWithBody(deployment.endpoint, SUPERADMIN, '/resource/usage/month', {
      month,
      group_ids: ['e2a0c7a2-2222-4a4a-9b9b-0000000000aa'],
    });
    expect(other).to.deep.equal({ status: 200, body: [] });
    const own = await getWithBody(deployment.endpoint, SUPERADMIN, '/resource/usage/month', {
      month,
      group_ids: [DEFAULT_PROJECT_ID],
    });
    expect((own.body as unknown[]).length).to.equal(1);
  });

  it('reports a period of days and refuses a reversed or too long one', async () => {
    const answer = await get(SUPERADMIN, `/resource/usage/period?start_date=${today}&end_date=${today}`);
    expect(answer.status).to.equal(200);
    expect((answer.body as unknown as unknown[]).length).to.equal(1);
    const reversed = await get(SUPERADMIN, `/resource/usage/period?start_date=${today}&end_date=20000101`);
    expect(reversed.status).to.equal(400);
    expect(reversed.body['title']).to.match(/end_date/);
    const long = await get(SUPERADMIN, '/resource/usage/period?start_date=20240101&end_date=20241231');
    expect(long.status).to.equal(400);
    expect(long.body['title']).to.match(/more than 100 days/);
  });

  it('names a malformed month', async () => {
    const answer = await get(SUPERADMIN, '/resource/usage/month?month=june');
    expect(answer.status).to.equal(400);
    expect(answer.body['title']).to.match(/month/);
    const missing = await get(SUPERADMIN, '/resource/usage/month');
    expect(missing.body['title']).to.equal('Missing parameter "month"');
    const impossible = await get(SUPERADMIN, '/resource/usage/month?month=202613');
    expect(impossible.status).to.equal(400);
    expect(impossible.body['title']).to.match(/month: "202613" is not a valid date/);
  });

  it('refuses the usage reports and the admin stats to a user who is not a superadmin', async () => {
    for (const path of [
      `/resource/usage/month?month=${month}`,
      `/resource/usage/period?start_date=${today}&end_date=${today}`,
      '/resource/stats/admin/month',
    ]) {
      const answer = await get(ALICE, path);
      expect(answer.status, path).to.equal(403);
      expect(answer.body['type'], path).to.equal('https://api.backend.ai/probs/forbidden');
    }
  });

  it("bins the caller's own ended kernels over the last 30 days", async () => {
    const mine = await get(SUPERADMIN, '/resource/stats/user/month');
    expect(mine.status).to.equal(200);
    const bins = mine.body as unknown as Array<Record<string, { value: number }>>;
    expect(bins).to.have.length(2880);
    const busy = bins.filter((bin) => bin['num_sessions']!.value > 0);
    expect(busy.length).to.be.greaterThan(0);
    // Only the ended kernel counts, with its cpu and memory.
    expect(busy.at(-1)).to.deep.include({
      num_sessions: { value: 1, unit_hint: 'count' },
      cpu_allocated: { value: 1, unit_hint: 'count' },
      mem_allocated: { value: GIB, unit_hint: 'bytes' },
    });
    const alice = await get(ALICE, '/resource/stats/user/month');
    const aliceBins = alice.body as unknown as Array<Record<string, { value: number }>>;
    expect(aliceBins.every((bin) => bin['num_sessions']!.value === 0)).to.equal(true);
    const all = await get(SUPERADMIN, '/resource/stats/admin/month');
    expect((all.body as unknown as unknown[]).length).to.equal(2880);
  });
});

/** A signed GET with a JSON body (fetch refuses one), as Backend.AI's Python client sends the usage queries. */
function getWithBody(
  endpoint: string,
  caller: Caller,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, endpoint);
  const date = new Date().toISOString();
  const apiVersion = 'v9.20250722';
  const { authorization } = signRequest({
    method: 'GET',
    pathWithQuery: url.pathname + url.search,
    rawDate: date,
    host: url.host,
    contentType: 'application/json',
    apiVersion,
    ...caller,
  });
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: {
          Authorization: authorization,
          Date: date,
          'Content-Type': 'application/json',
          'Content-Length': payload.length,
          'X-BackendAI-Version': apiVersion,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
