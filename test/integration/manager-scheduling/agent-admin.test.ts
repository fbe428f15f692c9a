import { expect } from 'chai';
import { ApiConfig, BackendAPIError, Client } from '@tessera/client';
import type { EventPayloads } from '@tessera/core';
import {
  ALICE,
  bootGraphQLManager,
  createSession,
  DOMAIN_ADMIN,
  gql,
  LAB_ADMIN,
  statusReached,
  SUPERADMIN,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData, gqlRefused, MONITOR } from '../manager-identity/support/identity-harness';

/** A node's measures as the agent's stats collector publishes them (Backend.AI's stat values). */
const NODE: EventPayloads['agent_stats']['node'] = {
  cpu_used: { current: '81234', capacity: null, pct: null, unit_hint: 'msec', 'stats.rate': '1500' },
  cpu_util: { current: '150', capacity: '400', pct: '37.5', unit_hint: 'percent' },
  mem: { current: '3221225472', capacity: '8589934592', pct: '37.50', unit_hint: 'bytes' },
};

/** Per-device measures as the agent's stats collector publishes them. */
const DEVICES = {
  cpu_util: {
    '0': { current: '50', capacity: '100', pct: '50', unit_hint: 'percent' },
    '1': { current: '25', capacity: '100', pct: '25', unit_hint: 'percent' },
  },
  mem: { root: { current: '3221225472', capacity: '8589934592', pct: '37.5', unit_hint: 'bytes' } },
};

const STATS = `query ($id: String!) { agent(agent_id: $id) { id live_stat cpu_cur_pct mem_cur_bytes } }`;
const CONTAINERS = `query ($status: String) {
  agent_list(limit: 10, offset: 0) { total_count items { id
    compute_containers(status: $status) { id session_id status agent role } } } }`;
const MODIFY = `mutation ($id: String!, $props: ModifyAgentInput!) { modify_agent(id: $id, props: $props) { ok msg } }`;
const LEGACY = `query ($status: String, $scaling_group: String) {
  agents(status: $status, scaling_group: $scaling_group) { id status scaling_group schedulable } }`;

/** Superadmins' roles refused everything here: domain admins (own and another domain), users, monitors. */
const REFUSED = [
  ['a domain admin', DOMAIN_ADMIN],
  ["another domain's admin", LAB_ADMIN],
  ['a user', ALICE],
  ['a monitor', MONITOR],
] as const;

/**
 * The rest of upstream's admin agent API on a booted manager: the node's live stats from agent_stats
 * (through the event bus and the sessions feature's recorder), each agent's kernels as
 * compute_containers (one read per page), the legacy agents list and modify_agent, which the
 * scheduler honours. Every other role is refused and changes nothing.
 */
describe('manager-scheduling: live stats, compute_containers, agents and modify_agent (admin GraphQL)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({ scheduling: { tickInterval: 60 } });
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
    for (const agentId of ['agent-idle', 'agent-gpu']) {
      await deployment.bus.publish(
        'agent_heartbeat',
        {
          agentId,
          address: `inproc://${agentId}`,
          region: 'local',
          // Neither in the default group: sessions there go to agent-test, the one that answers RPC.
          resourceGroup: agentId === 'agent-gpu' ? 'gpu' : 'idle',
          architecture: 'x86_64',
          version: '0.1.0',
          availableSlots: { cpu: '1', mem: String(2 ** 30) },
          slotTypes: { cpu: 'count', mem: 'bytes' },
          images: [],
          computePlugins: {},
        },
        agentId,
      );
    }
    await eventually(
      async () => (await deployment.db.agents.listByStatus(['ALIVE'])).length === 3,
      'the heartbeats to register the agents',
    );
  });
  after(async () => {
    await deployment?.stop();
  });

  const stats = async (id: string) =>
    (await gqlData(deployment, SUPERADMIN, STATS, { id }))['agent'] as {
      live_stat: string | null;
      cpu_cur_pct: number;
      mem_cur_bytes: number;
    };
  const schedulable = async (id: string) => (await deployment.db.agents.get(id))!.schedulable;

  it("answers live_stat, cpu_cur_pct and mem_cur_bytes from the agent's agent_stats", async () => {
    expect(await stats('agent-test')).to.deep.include({ live_stat: null, cpu_cur_pct: 0, mem_cur_bytes: 0 });
    await deployment.bus.publish(
      'agent_stats',
      {
        agentId: 'agent-test',
        collectedAt: new Date().toISOString(),
        node: NODE,
        devices: DEVICES,
        kernels: {},
      },
      'agent-test',
    );
    const live = (await eventually(async () => {
      const answer = await stats('agent-test');
      return answer.live_stat === null ? false : answer;
    }, 'the report to reach the agent row'))!;
    // Upstream's live stat shape: the node's measures, and per device (the Python CLI counts cores here).
    expect(JSON.parse(live.live_stat!)).to.deep.equal({ node: NODE, devices: DEVICES });
    expect(live.cpu_cur_pct).to.equal(37.5);
    expect(live.mem_cur_bytes).to.equal(3221225472);

    // The listing answers the same, and agents that reported nothing stay at null / 0.
    const listed = (
      await gqlData(
        deployment,
        SUPERADMIN,
        `{ agent_list(limit: 10, offset: 0) { items { id cpu_cur_pct mem_cur_bytes live_stat } } }`,
      )
    )['agent_list'] as { items: Array<Record<string, unknown>> };
    expect(listed.items.find((a) => a['id'] === 'agent-test')).to.deep.include({
      cpu_cur_pct: 37.5,
      mem_cur_bytes: 3221225472,
    });
    expect(listed.items.find((a) => a['id'] === 'agent-idle')).to.deep.include({
      cpu_cur_pct: 0,
      mem_cur_bytes: 0,
      live_stat: null,
    });
  });

  it("lets a silent agent's stats expire after 120 seconds, as upstream's", async () => {
    const stale = new Date(Date.now() - 121_000);
    await deployment.db.agents.recordLastStat('agent-idle', { node: NODE, devices: {} }, stale);
    expect(await stats('agent-idle')).to.deep.include({ live_stat: null, cpu_cur_pct: 0, mem_cur_bytes: 0 });
    const fresh = new Date(Date.now() - 100_000);
    await deployment.db.agents.recordLastStat('agent-idle', { node: NODE, devices: {} }, fresh);
    expect(await stats('agent-idle')).to.deep.include({ cpu_cur_pct: 37.5, mem_cur_bytes: 3221225472 });
  });

  it("answers each agent's kernels as compute_containers, reading them once for the whole page", async () => {
    const first = await createSession(deployment, SUPERADMIN, 'containers-1');
    const second = await createSession(deployment, SUPERADMIN, 'containers-2');
    await statusReached(deployment, first, 'RUNNING');
    await statusReached(deployment, second, 'RUNNING');

    const agents = deployment.db.agents;
    const original = agents.kernelsOf.bind(agents);
    let reads = 0;
    agents.kernelsOf = (ids, statuses) => {
      reads += 1;
      return original(ids, statuses);
    };
    try {
      const page = (await gqlData(deployment, SUPERADMIN, CONTAINERS, {}))['agent_list'] as {
        items: Array<{ id: string; compute_containers: Array<Record<string, unknown>> }>;
      };
      expect(reads, 'kernel reads for a page of three agents').to.equal(1);
      const own = page.items.find((a) => a.id === 'agent-test')!;
      expect(own.compute_containers.map((c) => c['session_id'])).to.have.members([first, second]);
      expect(own.compute_containers[0]).to.deep.include({
        status: 'RUNNING',
        agent: 'agent-test',
        role: 'main',
      });
      expect(page.items.find((a) => a.id === 'agent-idle')!.compute_containers).to.deep.equal([]);

      const none = (await gqlData(deployment, SUPERADMIN, CONTAINERS, { status: 'TERMINATED,CANCELLED' }))[
        'agent_list'
      ] as typeof page;
      expect(none.items.flatMap((a) => a.compute_containers)).to.deep.equal([]);
      expect(reads).to.equal(2);
    } finally {
      agents.kernelsOf = original;
    }

    const one = (
      await gqlData(
        deployment,
        SUPERADMIN,
        `{ agent(agent_id: "agent-test") { compute_containers(status: "RUNNING") { session_id } } }`,
      )
    )['agent'] as { compute_containers: Array<{ session_id: string }> };
    expect(one.compute_containers.map((c) => c.session_id)).to.have.members([first, second]);

    // A bad status fails the field alone (the agent is still answered), naming the argument.
    const bad = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `{ agent(agent_id: "agent-test") { id compute_containers(status: "RUNNING,SLEEPING") { id } } }`,
    );
    expect(bad.data).to.deep.equal({ agent: { id: 'agent-test', compute_containers: null } });
    const [error] = bad.errors as Array<{ message: string; extensions: { code: string } }>;
    expect(error!.extensions.code).to.equal('invalid-api-params');
    expect(error!.message).to.include('status').and.include('"SLEEPING"').and.include('RUNNING');
  });

  it('answers the legacy unpaged agents list, filtered like agent_list', async () => {
    const all = (await gqlData(deployment, SUPERADMIN, LEGACY, {}))['agents'] as Array<{ id: string }>;
    expect(all.map((a) => a.id)).to.deep.equal(['agent-test', 'agent-gpu', 'agent-idle']);
    const gpu = (await gqlData(deployment, SUPERADMIN, LEGACY, { scaling_group: 'gpu' }))['agents'];
    expect(gpu).to.deep.equal([
      { id: 'agent-gpu', status: 'ALIVE', scaling_group: 'gpu', schedulable: true },
    ]);
    expect((await gqlData(deployment, SUPERADMIN, LEGACY, { status: 'LOST' }))['agents']).to.deep.equal([]);
    const message = await gqlRefused(
      deployment,
      SUPERADMIN,
      LEGACY,
      { status: 'GONE' },
      'invalid-api-params',
    );
    expect(message).to.include('ALIVE, LOST, RESTARTING, TERMINATED');
  });

  it('modify_agent takes an agent out of scheduling and back; sessions wait meanwhile', async () => {
    const off = (
      await gqlData(deployment, SUPERADMIN, MODIFY, { id: 'agent-test', props: { schedulable: false } })
    )['modify_agent'];
    expect(off).to.deep.equal({ ok: true, msg: 'success' });
    expect(await schedulable('agent-test')).to.equal(false);

    const waiting = await createSession(deployment, SUPERADMIN, 'waits-for-agent');
    // A pass ran (the session says why it waits) and placed nothing.
    const why = (await eventually(async () => {
      const session = await deployment.db.sessions.get(waiting);
      return session?.statusData['scheduler'] ? session : false;
    }, 'a scheduling pass over the waiting session'))!;
    expect(why.status).to.equal('PENDING');
    expect((await deployment.db.sessions.get(waiting))!.kernels[0]!.agentId).to.equal(null);

    // Back in (props without schedulable: true, as upstream's default): a pass places the session.
    expect(
      (await gqlData(deployment, SUPERADMIN, MODIFY, { id: 'agent-test', props: {} }))['modify_agent'],
    ).to.deep.equal({ ok: true, msg: 'success' });
    expect(await schedulable('agent-test')).to.equal(true);
    await statusReached(deployment, waiting, 'RUNNING');
    expect((await deployment.db.sessions.get(waiting))!.kernels[0]!.agentId).to.equal('agent-test');
  });

  it('modify_agent answers ok false for an unknown agent and refuses scaling_group, naming it', async () => {
    expect(
      (await gqlData(deployment, SUPERADMIN, MODIFY, { id: 'nobody', props: { schedulable: false } }))[
        'modify_agent'
      ],
    ).to.deep.equal({ ok: false, msg: 'no matching agent' });
    expect(await deployment.db.agents.get('nobody')).to.equal(null);

    const message = await gqlRefused(
      deployment,
      SUPERADMIN,
      MODIFY,
      { id: 'agent-gpu', props: { schedulable: false, scaling_group: 'default' } },
      'invalid-api-params',
    );
    expect(message).to.include('props.scaling_group');
    const untouched = (await deployment.db.agents.get('agent-gpu'))!;
    expect(untouched).to.deep.include({ resourceGroup: 'gpu', schedulable: true });
  });

  it('the SDK (client.admin.agents / sessions) reads and modifies through the same API', async () => {
    const client = (caller: typeof SUPERADMIN) =>
      new Client(
        new ApiConfig({
          endpoints: [deployment.endpoint],
          accessKey: caller.accessKey,
          secretKey: caller.secretKey,
        }),
      );
    const admin = client(SUPERADMIN).admin;
    const one = (await admin.agents.get('agent-test', {
      fields: ['id', 'available_slots', 'live_stat', 'cpu_cur_pct'],
    }))!;
    expect(one.availableSlots).to.deep.equal({ cpu: '4', mem: '8589934592' });
    expect(one.liveStat?.node?.['cpu_util']).to.deep.include({ pct: '37.5' });
    expect(one.cpuCurPct).to.equal(37.5);
    expect(await admin.agents.get('nobody')).to.equal(null);

    const page = await admin.agents.page({ scalingGroup: 'gpu', status: 'ALIVE', limit: 5, order: '-id' });
    expect(page).to.deep.include({ totalCount: 1 });
    expect(page.items[0]).to.deep.include({
      id: 'agent-gpu',
      scalingGroup: 'gpu',
      schedulable: true,
      cpuCurPct: 0,
    });
    expect((await admin.agents.list({ status: 'ALIVE' })).map((a) => a.id)).to.have.lengthOf(3);

    expect(await admin.agents.modify('agent-gpu', { schedulable: false })).to.deep.equal({
      ok: true,
      msg: 'success',
    });
    expect(await schedulable('agent-gpu')).to.equal(false);
    expect(await admin.agents.modify('agent-gpu', {})).to.deep.equal({ ok: true, msg: 'success' });
    expect(await schedulable('agent-gpu')).to.equal(true);

    const sessions = await admin.sessions.page({ status: ['RUNNING'], limit: 100 });
    expect(sessions.totalCount).to.be.greaterThan(0);
    const first = sessions.items[0]!;
    expect(first.occupiedSlots).to.be.an('object');
    const found = (await admin.sessions.get(first.id!, {
      fields: ['id', 'name', 'containers { id agent }'],
    }))!;
    expect(found.containers![0]).to.deep.include({ agent: 'agent-test' });

    const refused = await client(ALICE)
      .admin.agents.page()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).to.be.instanceOf(BackendAPIError);
    expect(String((refused as Error).message)).to.include('agent.read');
  });

  for (const [who, caller] of REFUSED) {
    it(`refuses ${who} every agent query and modify_agent, answering nothing and changing nothing`, async () => {
      const modify = await gqlRefused(deployment, caller, MODIFY, {
        id: 'agent-gpu',
        props: { schedulable: false },
      });
      expect(modify).to.include('agent.modify');
      expect(await schedulable('agent-gpu')).to.equal(true);
      expect(await gqlRefused(deployment, caller, LEGACY, {})).to.include('agent.read');
      await gqlRefused(deployment, caller, STATS, { id: 'agent-test' });
      await gqlRefused(deployment, caller, CONTAINERS, {});
    });
  }
});
