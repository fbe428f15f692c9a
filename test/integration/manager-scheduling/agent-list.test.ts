import { expect } from 'chai';
import type { AgentInfo } from '@tessera/core';
import {
  ALICE,
  bootGraphQLManager,
  DOMAIN_ADMIN,
  gql,
  SUPERADMIN,
  type Caller,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData, gqlRefused, MONITOR } from '../manager-identity/support/identity-harness';

/** What upstream's Python CLI sends for `backend.ai admin agent list` (its default list fields). */
const CLI_LIST = `query($limit:Int!, $offset:Int!, $status: String, $scaling_group: String, $filter: String, $order: String) {
  agent_list(
      limit:$limit, offset:$offset, status:$status, scaling_group:$scaling_group, filter:$filter, order:$order) {
    items { id status scaling_group available_slots occupied_slots }
    total_count
  }
}`;
/** And for `backend.ai admin agent info <id>` (its default detail fields). */
const CLI_DETAIL = `query($agent_id: String!) {
  agent(agent_id: $agent_id) {id status scaling_group addr region first_contact cpu_cur_pct mem_cur_bytes available_slots occupied_slots local_config}
}`;
const ALL_FIELDS = `id status status_changed region architecture scaling_group schedulable available_slots
  occupied_slots addr first_contact lost_at live_stat version compute_plugins hardware_metadata local_config
  mem_slots cpu_slots gpu_slots tpu_slots used_mem_slots used_cpu_slots used_gpu_slots used_tpu_slots
  cpu_cur_pct mem_cur_bytes`;
const GET = `query ($id: String!) { agent(agent_id: $id) { ${ALL_FIELDS} } }`;
const LIST = `query ($limit: Int!, $offset: Int!, $status: String, $scaling_group: String, $order: String,
  $order_key: String, $order_asc: Boolean, $filter: String) {
  agent_list(limit: $limit, offset: $offset, status: $status, scaling_group: $scaling_group, order: $order,
    order_key: $order_key, order_asc: $order_asc, filter: $filter) { total_count items { id status scaling_group } } }`;

interface ListAnswer {
  total_count: number;
  items: Array<{ id: string; status: string; scaling_group: string }>;
}

function agentInfo(agentId: string, overrides: Partial<AgentInfo> = {}): AgentInfo {
  return {
    agentId,
    address: `inproc://${agentId}`,
    region: 'local',
    resourceGroup: 'default',
    architecture: 'x86_64',
    version: '0.1.0',
    availableSlots: { cpu: '2', mem: String(2 * 1024 ** 3) },
    slotTypes: { cpu: 'count', mem: 'bytes' },
    images: [],
    computePlugins: { cpu: { version: '1' } },
    ...overrides,
  };
}

/**
 * `agent` and `agent_list` (api-spec §8.8) answer the agents' heartbeaten records to superadmins:
 * every field upstream's Python CLI asks for, paged, filtered by status and scaling group, ordered.
 * Domain admins, users and monitors are refused with nothing answered.
 */
describe('manager-scheduling: agent and agent_list (admin GraphQL)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager();
    await deployment.db.fixtures.populate({
      users: [{ email: 'monitor@lablup.com', username: 'monitor', role: 'monitor', domain_name: 'default' }],
      keypairs: [
        {
          access_key: MONITOR.accessKey,
          secret_key: MONITOR.secretKey,
          user_id: 'monitor@lablup.com',
          is_admin: false,
          resource_policy: 'default',
        },
      ],
    });
    // agent-test (the deployment's own, default group) is there already; three more by heartbeat.
    const more = [
      agentInfo('agent-gpu', {
        resourceGroup: 'gpu',
        region: 'east',
        version: '0.2.0',
        availableSlots: { cpu: '8', mem: String(16 * 1024 ** 3), 'cuda.device': '2' },
        computePlugins: { cuda: { version: '12.2' } },
      }),
      agentInfo('agent-b'),
      agentInfo('agent-lost'),
    ];
    for (const info of more) await deployment.bus.publish('agent_heartbeat', info, info.agentId);
    await eventually(
      async () => (await deployment.db.agents.listByStatus(['ALIVE'])).length === 4,
      'the heartbeats to register the agents',
    );
    await deployment.db.agents.markStatus('agent-lost', 'LOST');
  });
  after(async () => {
    await deployment?.stop();
  });

  const list = async (variables: Record<string, unknown>, caller: Caller = SUPERADMIN) =>
    (await gqlData(deployment, caller, LIST, variables))['agent_list'] as ListAnswer;

  it('answers every field of one agent from its heartbeats; null for what Tessera does not record', async () => {
    const agent = (await gqlData(deployment, SUPERADMIN, GET, { id: 'agent-gpu' }))['agent'] as Record<
      string,
      unknown
    >;
    const stored = (await deployment.db.agents.get('agent-gpu'))!;
    expect(agent).to.deep.include({
      id: 'agent-gpu',
      status: 'ALIVE',
      region: 'east',
      architecture: 'x86_64',
      scaling_group: 'gpu',
      schedulable: true,
      addr: 'inproc://agent-gpu',
      first_contact: stored.firstContact.toISOString(),
      lost_at: null,
      live_stat: null,
      version: '0.2.0',
      hardware_metadata: null,
      local_config: null,
      mem_slots: 16 * 1024,
      cpu_slots: 8,
      gpu_slots: 2,
      tpu_slots: 0,
      used_mem_slots: 0,
      used_cpu_slots: 0,
      used_gpu_slots: 0,
      used_tpu_slots: 0,
      cpu_cur_pct: 0,
      mem_cur_bytes: 0,
    });
    expect(agent['status_changed']).to.be.a('string');
    expect(JSON.parse(agent['available_slots'] as string)).to.deep.equal({
      cpu: '8',
      mem: String(16 * 1024 ** 3),
      'cuda.device': '2',
    });
    expect(JSON.parse(agent['occupied_slots'] as string)).to.deep.equal({});
    expect(JSON.parse(agent['compute_plugins'] as string)).to.deep.equal({ cuda: { version: '12.2' } });

    const lost = (await gqlData(deployment, SUPERADMIN, GET, { id: 'agent-lost' }))['agent'] as Record<
      string,
      unknown
    >;
    expect(lost['status']).to.equal('LOST');
    expect(lost['lost_at']).to.be.a('string').and.equal(lost['status_changed']);
    expect((await gqlData(deployment, SUPERADMIN, GET, { id: 'nobody' }))['agent']).to.equal(null);
  });

  it("answers the Python CLI's default list and detail queries", async () => {
    const listed = (
      await gqlData(deployment, SUPERADMIN, CLI_LIST, {
        limit: 20,
        offset: 0,
        status: 'ALIVE',
        scaling_group: null,
        filter: null,
        order: null,
      })
    )['agent_list'] as { total_count: number; items: Array<Record<string, unknown>> };
    expect(listed.total_count).to.equal(3);
    expect(listed.items.map((a) => a['id'])).to.deep.equal(['agent-b', 'agent-test', 'agent-gpu']);
    const own = listed.items.find((a) => a['id'] === 'agent-test')!;
    expect(JSON.parse(own['available_slots'] as string)).to.deep.equal({ cpu: '4', mem: '8589934592' });
    expect(JSON.parse(own['occupied_slots'] as string)).to.be.an('object');

    const detail = (await gqlData(deployment, SUPERADMIN, CLI_DETAIL, { agent_id: 'agent-test' }))[
      'agent'
    ] as Record<string, unknown>;
    expect(detail).to.deep.include({
      id: 'agent-test',
      status: 'ALIVE',
      scaling_group: 'default',
      addr: 'inproc://agent-test',
      region: 'local',
      cpu_cur_pct: 0,
      mem_cur_bytes: 0,
      local_config: null,
    });
  });

  it('orders by status, scaling group and id by default, and pages with the total', async () => {
    const all = await list({ limit: 10, offset: 0 });
    expect(all.total_count).to.equal(4);
    expect(all.items.map((a) => a.id)).to.deep.equal(['agent-b', 'agent-test', 'agent-gpu', 'agent-lost']);
    const page = await list({ limit: 2, offset: 1 });
    expect(page.total_count).to.equal(4);
    expect(page.items.map((a) => a.id)).to.deep.equal(['agent-test', 'agent-gpu']);
    expect(await list({ limit: 2, offset: 10 })).to.deep.equal({ total_count: 4, items: [] });
  });

  it('filters by status and scaling group', async () => {
    const lost = await list({ limit: 10, offset: 0, status: 'LOST' });
    expect(lost).to.deep.equal({
      total_count: 1,
      items: [{ id: 'agent-lost', status: 'LOST', scaling_group: 'default' }],
    });
    const gpu = await list({ limit: 10, offset: 0, scaling_group: 'gpu' });
    expect(gpu.items.map((a) => a.id)).to.deep.equal(['agent-gpu']);
    const aliveDefault = await list({ limit: 10, offset: 0, status: 'ALIVE', scaling_group: 'default' });
    expect(aliveDefault.items.map((a) => a.id)).to.deep.equal(['agent-b', 'agent-test']);
    expect(await list({ limit: 10, offset: 0, scaling_group: 'nowhere' })).to.deep.equal({
      total_count: 0,
      items: [],
    });
  });

  it('orders by order ("-id") or order_key and order_asc', async () => {
    const ids = async (variables: Record<string, unknown>) =>
      (await list({ limit: 10, offset: 0, ...variables })).items.map((a) => a.id);
    expect(await ids({ order: '-id' })).to.deep.equal(['agent-test', 'agent-lost', 'agent-gpu', 'agent-b']);
    expect(await ids({ order: '+scaling_group' })).to.deep.equal([
      'agent-b',
      'agent-lost',
      'agent-test',
      'agent-gpu',
    ]);
    expect(await ids({ order_key: 'version', order_asc: false })).to.deep.equal([
      'agent-gpu',
      'agent-test',
      'agent-lost',
      'agent-b',
    ]);
  });

  it('refuses bad arguments naming them', async () => {
    const refused = async (variables: Record<string, unknown>, field: string) => {
      const message = await gqlRefused(
        deployment,
        SUPERADMIN,
        LIST,
        { limit: 10, offset: 0, ...variables },
        'invalid-api-params',
      );
      expect(message).to.include(field);
    };
    await refused({ status: 'SLEEPING' }, 'ALIVE, LOST, RESTARTING, TERMINATED');
    await refused({ order: 'color' }, 'Unknown order field "color"');
    await refused({ filter: 'status == "ALIVE"' }, 'filter');
    await refused({ limit: 0 }, 'limit');
  });

  it('refuses domain admins, users and monitors, answering no agent', async () => {
    for (const caller of [DOMAIN_ADMIN, ALICE, MONITOR]) {
      const listMessage = await gqlRefused(deployment, caller, LIST, { limit: 10, offset: 0 });
      expect(listMessage).to.include('agent.read');
      await gqlRefused(deployment, caller, GET, { id: 'agent-test' });
      // A missing agent is refused the same: the answer tells nothing about which agents exist.
      await gqlRefused(deployment, caller, GET, { id: 'nobody' });
      const answer = await gql(deployment.endpoint, caller, CLI_LIST, { limit: 20, offset: 0 });
      expect(answer.data).to.deep.equal({ agent_list: null });
    }
  });
});
