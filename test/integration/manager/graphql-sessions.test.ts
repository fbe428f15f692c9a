import { expect } from 'chai';
import { eventually, type ManagerDeployment } from './support/manager-deployment';
import {
  DEFAULT_PROJECT_ID,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  gql,
  statusReached,
} from './graphql-harness';

const PAGE = `query($limit: Int!, $offset: Int!, $status: String, $order_key: String, $order_asc: Boolean) {
  compute_session_list(limit: $limit, offset: $offset, status: $status, order_key: $order_key, order_asc: $order_asc) {
    total_count
    items { name status }
  }
}`;

describe('manager GraphQL: compute sessions and containers', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  const ids: Record<string, string> = {};

  /** On the 4-cpu agent: run-1 (1 cpu) and multi (two 1-cpu kernels) run; big-one (8 cpu) and after-big (waits for it) stay pending. */
  before(async () => {
    deployment = await bootGraphQLManager({ scheduling: { tickInterval: 0.2 } });
    ids['run-1'] = await createSession(deployment, SUPERADMIN, 'run-1');
    await statusReached(deployment, ids['run-1'], 'RUNNING');
    ids['multi'] = await createSession(deployment, SUPERADMIN, 'multi', { clusterSize: 2 });
    await statusReached(deployment, ids['multi'], 'RUNNING');
    ids['big-one'] = await createSession(deployment, SUPERADMIN, 'big-one', {
      config: { resources: { cpu: 8 } },
    });
    ids['after-big'] = await createSession(deployment, SUPERADMIN, 'after-big', {
      dependencies: ['big-one'],
    });
    await eventually(
      async () =>
        (await deployment.db.sessions.get(ids['after-big']!))?.statusInfo === 'predicate-checks-failed',
      'after-big to wait for big-one',
    );
  });
  after(async () => {
    await deployment?.stop();
  });

  const page = async (variables: Record<string, unknown>) => {
    const answer = await gql(deployment.endpoint, SUPERADMIN, PAGE, variables);
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    return answer.data!['compute_session_list'] as {
      total_count: number;
      items: Array<{ name: string; status: string }>;
    };
  };

  it('pages newest first with the total count, and takes a comma-separated status list', async () => {
    const first = await page({ limit: 3, offset: 0, status: 'PENDING,RUNNING' });
    expect(first.total_count).to.equal(4);
    expect(first.items).to.deep.equal([
      { name: 'after-big', status: 'PENDING' },
      { name: 'big-one', status: 'PENDING' },
      { name: 'multi', status: 'RUNNING' },
    ]);
    const second = await page({ limit: 3, offset: 3, status: 'PENDING,RUNNING' });
    expect(second).to.deep.equal({ total_count: 4, items: [{ name: 'run-1', status: 'RUNNING' }] });
    expect(
      (await page({ limit: 10, offset: 0, status: ' RUNNING , ' })).items.map((s) => s.name),
    ).to.deep.equal(['multi', 'run-1']);
    expect((await page({ limit: 10, offset: 0, status: 'TERMINATED' })).total_count).to.equal(0);
    expect((await page({ limit: 10, offset: 0 })).total_count).to.equal(4);
  });

  it('orders by a whitelisted order_key, ascending unless order_asc is false', async () => {
    const byName = await page({ limit: 10, offset: 0, order_key: 'name' });
    expect(byName.items.map((s) => s.name)).to.deep.equal(['after-big', 'big-one', 'multi', 'run-1']);
    const byNameDown = await page({ limit: 10, offset: 0, order_key: 'name', order_asc: false });
    expect(byNameDown.items.map((s) => s.name)).to.deep.equal(['run-1', 'multi', 'big-one', 'after-big']);
    const oldestFirst = await page({ limit: 1, offset: 0, order_key: 'created_at' });
    expect(oldestFirst.items.map((s) => s.name)).to.deep.equal(['run-1']);
  });

  it("takes upstream 22.09's order (+/-field), refuses its filter, and answers session_id as the official CLI's ps asks", async () => {
    const QUERY = `query($limit: Int!, $offset: Int!, $status: String, $order: String, $filter: String) {
      compute_session_list(limit: $limit, offset: $offset, status: $status, order: $order, filter: $filter) {
        total_count items { id session_id name }
      }
    }`;
    const run = (variables: Record<string, unknown>) =>
      gql(deployment.endpoint, SUPERADMIN, QUERY, variables);
    type Answer = {
      compute_session_list: { items: Array<{ id: string; session_id: string; name: string }> };
    };
    const down = (await run({ limit: 10, offset: 0, order: '-name', filter: null })).data as Answer;
    expect(down.compute_session_list.items.map((s) => s.name)).to.deep.equal([
      'run-1',
      'multi',
      'big-one',
      'after-big',
    ]);
    for (const item of down.compute_session_list.items) expect(item.session_id).to.equal(item.id);
    const up = (await run({ limit: 10, offset: 0, order: 'name' })).data as Answer;
    expect(up.compute_session_list.items.map((s) => s.name)).to.deep.equal([
      'after-big',
      'big-one',
      'multi',
      'run-1',
    ]);
    // What backend.ai ps sends: upstream statuses Tessera never sets match nothing, and refuse nothing.
    const ps = (await run({ limit: 10, offset: 0, status: 'RUNNING,RESIZING,SUSPENDED' })).data as Answer;
    expect(ps.compute_session_list.items.map((s) => s.name)).to.deep.equal(['multi', 'run-1']);
    const filtered = await run({ limit: 10, offset: 0, filter: 'name == "multi"' });
    expect((filtered.errors![0] as { message: string }).message).to.match(
      /filter argument .* is not supported/,
    );
    const unknown = await run({ limit: 10, offset: 0, order: '-user_email' });
    expect((unknown.errors![0] as { message: string }).message).to.match(/^Unknown order field "user_email"/);
  });

  it('says what it expects of a bad status, order_key, limit or offset', async () => {
    const failure = async (variables: Record<string, unknown>) => {
      const answer = await gql(deployment.endpoint, SUPERADMIN, PAGE, variables);
      expect(answer.data).to.deep.equal({ compute_session_list: null });
      return (answer.errors![0] as { message: string }).message;
    };
    expect(await failure({ limit: 10, offset: 0, status: 'RUNNING,SLEEPING' })).to.equal(
      'Unknown session status "SLEEPING" in status; use one or more of PENDING, SCHEDULED, PREPARING, PULLING, PREPARED, CREATING, RUNNING, RESTARTING, RUNNING_DEGRADED, TERMINATING, TERMINATED, ERROR, CANCELLED, comma-separated',
    );
    expect(await failure({ limit: 10, offset: 0, order_key: 'user_email' })).to.match(
      /^Unknown order_key "user_email"; use one of id, name, .*, terminated_at$/,
    );
    expect(await failure({ limit: 0, offset: 0 })).to.equal('limit must be between 1 and 100 (got 0)');
    expect(await failure({ limit: 10, offset: -1 })).to.equal('offset must be 0 or more (got -1)');
  });

  it('answers a session with its owner, slots, service ports and containers, null for what is not recorded', async () => {
    const answer = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `query($id: UUID!) { compute_session(id: $id) {
        id name type image registry cluster_mode cluster_size domain_name group_name group_id user_email user_id
        access_key status status_info created_at status_changed terminated_at result scaling_group
        requested_slots occupied_slots service_ports mounts num_queries cluster_template created_user_email
        containers { id role hostname session_id status agent container_id occupied_slots created_at live_stat }
      } }`,
      { id: ids['multi'] },
    );
    const session = answer.data!['compute_session'] as Record<string, unknown>;
    expect(session).to.deep.include({
      id: ids['multi'],
      name: 'multi',
      type: 'interactive',
      image: 'cr.backend.ai/stable/python:3.12-ubuntu24.04',
      registry: 'cr.backend.ai',
      cluster_mode: 'single-node',
      cluster_size: 2,
      domain_name: 'default',
      group_name: 'default',
      group_id: DEFAULT_PROJECT_ID,
      user_email: 'admin@lablup.com',
      user_id: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
      access_key: SUPERADMIN.accessKey,
      status: 'RUNNING',
      terminated_at: null,
      result: 'UNDEFINED',
      scaling_group: 'default',
      mounts: null,
      num_queries: null,
      cluster_template: null,
      created_user_email: null,
    });
    const record = (await deployment.db.sessions.get(ids['multi']!))!;
    expect(session['created_at']).to.equal(record.createdAt.toISOString());
    expect(session['status_changed']).to.equal(record.statusHistory['RUNNING']);
    expect(JSON.parse(session['requested_slots'] as string)).to.deep.equal(record.requestedSlots);
    expect(JSON.parse(session['occupied_slots'] as string)).to.deep.equal({ cpu: '2', mem: '2147483648' });
    expect(JSON.parse(session['service_ports'] as string)).to.deep.equal([
      {
        name: 'jupyter',
        protocol: 'http',
        container_ports: [8090],
        host_ports: [30001],
        is_inference: false,
      },
    ]);
    const containers = session['containers'] as Array<Record<string, unknown>>;
    expect(
      containers.map((c) => [c['role'], c['hostname'], c['session_id'], c['status'], c['agent']]),
    ).to.deep.equal([
      ['main', 'main1', ids['multi'], 'RUNNING', 'agent-test'],
      ['sub', 'sub1', ids['multi'], 'RUNNING', 'agent-test'],
    ]);
    expect(containers[0]!['id']).to.equal(ids['multi']);
    expect(containers[0]!['container_id']).to.match(/^proc-/);
    expect(JSON.parse(containers[1]!['occupied_slots'] as string)).to.deep.equal({
      cpu: '1',
      mem: '1073741824',
    });
    expect(containers[1]!['live_stat']).to.equal(null);
  });

  it('answers null for a session id nobody has, and refuses an id that is not a UUID', async () => {
    const missing = await gql(
      deployment.endpoint,
      SUPERADMIN,
      '{ compute_session(id: "00000000-0000-4000-8000-000000000000") { name } }',
    );
    expect(missing).to.deep.equal({ data: { compute_session: null } });
    const invalid = await gql(deployment.endpoint, SUPERADMIN, '{ compute_session(id: "big") { name } }');
    expect((invalid.errors![0] as { message: string }).message).to.equal(
      'UUID cannot represent "big": expected hex 8-4-4-4-12',
    );
  });

  it('resolves dependencies to the sessions waited for', async () => {
    const answer = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `query($id: UUID!) { compute_session(id: $id) { name dependencies { id name status dependencies { name } } } }`,
      { id: ids['after-big'] },
    );
    expect(answer.data).to.deep.equal({
      compute_session: {
        name: 'after-big',
        dependencies: [{ id: ids['big-one'], name: 'big-one', status: 'PENDING', dependencies: [] }],
      },
    });
  });

  it('answers containers one by one and one session at a time, with role filter and paging', async () => {
    const multi = (await deployment.db.sessions.get(ids['multi']!))!;
    const sub = multi.kernels.find((k) => k.clusterRole === 'sub')!;
    const one = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `query($id: UUID!) { compute_container(id: $id) { id role hostname session_id agent } }`,
      { id: sub.id },
    );
    expect(one.data).to.deep.equal({
      compute_container: {
        id: sub.id,
        role: 'sub',
        hostname: 'sub1',
        session_id: ids['multi'],
        agent: 'agent-test',
      },
    });
    const list = `query($session_id: UUID!, $role: String, $limit: Int!, $offset: Int!) {
      compute_container_list(session_id: $session_id, role: $role, limit: $limit, offset: $offset) { total_count items { hostname } }
    }`;
    const all = await gql(deployment.endpoint, SUPERADMIN, list, {
      session_id: ids['multi'],
      limit: 1,
      offset: 1,
    });
    expect(all.data).to.deep.equal({
      compute_container_list: { total_count: 2, items: [{ hostname: 'sub1' }] },
    });
    const subs = await gql(deployment.endpoint, SUPERADMIN, list, {
      session_id: ids['multi'],
      role: 'sub',
      limit: 10,
      offset: 0,
    });
    expect(subs.data).to.deep.equal({
      compute_container_list: { total_count: 1, items: [{ hostname: 'sub1' }] },
    });
  });

  it('explains a session pending for lack of resources: predicates, placement, and per agent what was missing', async () => {
    const answer = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `query($id: UUID!) { compute_session(id: $id) { scheduling {
        session_id pending status status_info resource_group scheduler agent_selector
        queue { higher_priority_pending older_in_band }
        predicates { name passed message }
        placement { result reason shortage missing_slots agent_ids }
        requirements { kernels architecture slots designated_agent agents { agent_id passed filter detail missing remaining } }
        last_attempt scheduled_at agent_ids
      } } }`,
      { id: ids['big-one'] },
    );
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const scheduling = (answer.data!['compute_session'] as { scheduling: Record<string, unknown> })
      .scheduling;
    expect(scheduling).to.deep.include({
      session_id: ids['big-one'],
      pending: true,
      status: 'PENDING',
      status_info: 'no-available-instances',
      resource_group: 'default',
      scheduler: 'fifo',
      agent_selector: 'concentrated',
      scheduled_at: null,
      agent_ids: null,
    });
    const predicates = scheduling['predicates'] as Array<{
      name: string;
      passed: boolean;
      message: string | null;
    }>;
    expect(predicates.map((p) => p.name)).to.include.members([
      'reserved_time',
      'dependencies',
      'concurrency',
    ]);
    expect(predicates.filter((p) => !p.passed)).to.deep.equal([]);
    expect(scheduling['placement']).to.deep.equal({
      result: 'unplaceable',
      reason: 'no agent is large enough: cpu (requested 8, the largest agent has 4)',
      shortage: false,
      missing_slots: JSON.stringify({ cpu: '4' }),
      agent_ids: null,
    });
    const [requirement] = scheduling['requirements'] as Array<Record<string, unknown>>;
    expect(requirement).to.deep.include({
      kernels: ['main1'],
      architecture: 'x86_64',
      designated_agent: null,
    });
    const [agent] = requirement!['agents'] as Array<Record<string, unknown>>;
    expect(agent).to.deep.include({
      agent_id: 'agent-test',
      passed: false,
      filter: 'resources',
      detail: 'cpu short by 7',
    });
    expect(JSON.parse(agent!['missing'] as string)).to.deep.equal({ cpu: '7' });
    expect(JSON.parse(agent!['remaining'] as string)).to.deep.include({ cpu: '1' });
    expect(JSON.parse(scheduling['last_attempt'] as string))
      .to.have.property('retries')
      .that.is.at.least(1);
  });

  it('explains a failing predicate, and where a session that is no longer pending went', async () => {
    const query = `query($id: UUID!) { compute_session(id: $id) { scheduling {
      pending status predicates { name passed message } placement { result agent_ids } scheduled_at agent_ids
    } } }`;
    const waiting = await gql(deployment.endpoint, SUPERADMIN, query, { id: ids['after-big'] });
    const pending = (waiting.data!['compute_session'] as { scheduling: Record<string, unknown> }).scheduling;
    const failed = (
      pending['predicates'] as Array<{ name: string; passed: boolean; message: string }>
    ).filter((p) => !p.passed);
    expect(failed.map((p) => p.name)).to.deep.equal(['dependencies']);
    expect(failed[0]!.message).to.include(ids['big-one']!);
    expect(pending['placement']).to.deep.equal({ result: 'placeable', agent_ids: ['agent-test'] });

    const running = await gql(deployment.endpoint, SUPERADMIN, query, { id: ids['run-1'] });
    const placed = (running.data!['compute_session'] as { scheduling: Record<string, unknown> }).scheduling;
    expect(placed).to.deep.include({ pending: false, status: 'RUNNING', predicates: null, placement: null });
    expect(placed['agent_ids']).to.deep.equal(['agent-test']);
    const record = (await deployment.db.sessions.get(ids['run-1']!))!;
    expect(placed['scheduled_at']).to.equal(record.statusHistory['SCHEDULED']);
  });

  // Last: it adds sessions the tests above do not expect.
  it("reads the dependencies of a whole page at once, each session's oldest first", async () => {
    ids['after-both'] = await createSession(deployment, SUPERADMIN, 'after-both', {
      dependencies: ['multi', 'run-1'],
    });
    ids['after-run'] = await createSession(deployment, SUPERADMIN, 'after-run', { dependencies: ['run-1'] });
    const list = deployment.db.sessions.list.bind(deployment.db.sessions);
    let listings = 0;
    deployment.db.sessions.list = (query) => {
      listings++;
      return list(query);
    };
    try {
      const answer = await gql(
        deployment.endpoint,
        SUPERADMIN,
        '{ compute_session_list(limit: 10, offset: 0) { items { name dependencies { name } } } }',
      );
      expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
      const items = (answer.data!['compute_session_list'] as { items: unknown[] }).items;
      expect(items).to.deep.equal([
        { name: 'after-run', dependencies: [{ name: 'run-1' }] },
        { name: 'after-both', dependencies: [{ name: 'run-1' }, { name: 'multi' }] },
        { name: 'after-big', dependencies: [{ name: 'big-one' }] },
        { name: 'big-one', dependencies: [] },
        { name: 'multi', dependencies: [] },
        { name: 'run-1', dependencies: [] },
      ]);
      // The page, then one read for the dependencies of all three sessions that have some.
      expect(listings).to.equal(2);

      // A failed read of the dependencies fails the field, rather than answer none.
      deployment.db.sessions.list = (query) =>
        query.ids ? Promise.reject(new Error('the database went away')) : list(query);
      const failing = await gql(
        deployment.endpoint,
        SUPERADMIN,
        '{ compute_session_list(limit: 10, offset: 0) { items { name dependencies { name } } } }',
      );
      expect(failing.errors, 'a failed dependencies read').to.not.equal(undefined);
      expect(JSON.stringify(failing.errors)).to.include('dependencies');
    } finally {
      deployment.db.sessions.list = list;
    }
  });
});
