import { expect } from 'chai';
import { consistently } from '../../support/consistently';
import { eventually } from '../../support/eventually';
import { newSession } from '../database/support/sample-records';
import { bootGraphQLManager, DEFAULT_PROJECT_ID, gql, SUPERADMIN } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData } from '../manager-identity/support/identity-harness';

const ALICE_KEY = 'AKIAGQLUSERALICE0001';
const FIELDS =
  'name description is_active is_public created_at wsproxy_addr driver driver_opts scheduler scheduler_opts';

/* What upstream's SDK (`ScalingGroup.create` / `update`) sends, options as JSON strings. */
const CREATE = `mutation($name: String!, $input: CreateScalingGroupInput!) {
  create_scaling_group(name: $name, props: $input) { ok msg scaling_group { ${FIELDS} } } }`;
const MODIFY = `mutation($name: String!, $input: ModifyScalingGroupInput!) {
  modify_scaling_group(name: $name, props: $input) { ok msg scaling_group { name scheduler scheduler_opts } } }`;
const DELETE = `mutation($name: String!) { delete_scaling_group(name: $name) { ok msg } }`;
const ONE = `query($name: String) { scaling_group(name: $name) { ${FIELDS} } }`;
const FOR_DOMAIN = `query($domain: String!) { scaling_groups_for_domain(domain: $domain) { name } }`;
const FOR_PROJECT = `query($g: String!) { scaling_groups_for_user_group(user_group: $g) { name } }`;
const FOR_KEYPAIR = `query($k: String!) { scaling_groups_for_keypair(access_key: $k) { name } }`;

describe('manager resources: scaling group mutations (admin GraphQL)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({
      scheduling: { tickInterval: 0.2 },
      features: [{ package: '@tessera/manager-resources' }],
    });
  });
  after(async () => {
    await deployment?.stop();
  });

  const data = (query: string, variables: Record<string, unknown> = {}) =>
    gqlData(deployment, SUPERADMIN, query, variables);
  const payload = async (query: string, variables: Record<string, unknown> = {}) =>
    Object.values(await data(query, variables))[0] as { ok: boolean; msg: string; scaling_group?: unknown };
  const create = (name: string, input: Record<string, unknown> = {}) =>
    payload(CREATE, { name, input: { driver: 'static', scheduler: 'fifo', ...input } });
  const group = async (name: string) =>
    (await data(ONE, { name }))['scaling_group'] as Record<string, unknown> | null;
  const names = async (query: string, variables: Record<string, unknown>) =>
    (Object.values(await data(query, variables))[0] as Array<{ name: string }>).map((g) => g.name);
  /** A call refused as bad input: one error naming `field`, nothing answered. */
  const refusedInput = async (query: string, variables: Record<string, unknown>, field: string) => {
    const answer = await gql(deployment.endpoint, SUPERADMIN, query, variables);
    expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
    const [error] = answer.errors as Array<{ message: string; extensions: { code: string } }>;
    expect(error!.message).to.contain(field);
    return error!;
  };

  it('creates a group as the official SDK sends it and answers it', async () => {
    const answer = await create('rg-new', {
      description: 'New nodes',
      is_active: true,
      driver_opts: JSON.stringify({ zone: 'b' }),
      scheduler_opts: JSON.stringify({
        pending_timeout: 30,
        allowed_session_types: ['batch', 'interactive'],
        agent_selection_strategy: 'concentrated',
        config: { num_retries_to_skip: 2 },
      }),
      wsproxy_addr: 'https://wsproxy.test:5050',
      use_host_network: false,
    });
    expect(answer).to.deep.include({ ok: true, msg: 'success' });
    const made = answer.scaling_group as Record<string, unknown>;
    expect(made).to.deep.include({
      name: 'rg-new',
      description: 'New nodes',
      is_active: true,
      is_public: true,
      driver: 'static',
      scheduler: 'fifo',
      wsproxy_addr: 'https://wsproxy.test:5050',
    });
    expect(JSON.parse(made['driver_opts'] as string)).to.deep.equal({ zone: 'b' });
    expect(await group('rg-new')).to.deep.equal(made);
    const stored = await deployment.db.resourceGroups.get('rg-new');
    expect(stored!.schedulerOpts).to.deep.equal({
      pending_timeout: 30,
      allowed_session_types: ['batch', 'interactive'],
      agent_selection_strategy: 'concentrated',
      config: { num_retries_to_skip: 2 },
    });
  });

  it('reads options sent as JSON null (upstream SDK without options) as none', async () => {
    const answer = await create('rg-null-opts', { driver_opts: 'null', scheduler_opts: 'null' });
    expect(answer.ok, answer.msg).to.equal(true);
    expect(answer.scaling_group).to.deep.include({ driver_opts: '{}', scheduler_opts: '{}' });
  });

  it('creates with upstream defaults when only driver and scheduler are given', async () => {
    const answer = await create('rg-plain');
    expect(answer.ok, answer.msg).to.equal(true);
    expect(answer.scaling_group).to.deep.include({
      description: '',
      is_active: true,
      is_public: true,
      wsproxy_addr: null,
      driver_opts: '{}',
      scheduler_opts: '{}',
    });
  });

  it('refuses a duplicate name with ok false, leaving the first group as it was', async () => {
    await create('rg-dup', { description: 'first' });
    const answer = await create('rg-dup', { description: 'second' });
    expect(answer).to.deep.equal({
      ok: false,
      msg: 'a resource group named "rg-dup" already exists',
      scaling_group: null,
    });
    expect((await group('rg-dup'))!['description']).to.equal('first');
  });

  it('modifies only the given fields and answers the group as modified', async () => {
    await create('rg-mod', {
      description: 'before',
      scheduler_opts: JSON.stringify({ pending_timeout: 10 }),
    });
    const answer = await payload(MODIFY, {
      name: 'rg-mod',
      input: { is_active: false, scheduler_opts: JSON.stringify({ allowed_session_types: ['batch'] }) },
    });
    expect(answer.ok, answer.msg).to.equal(true);
    const after = (await group('rg-mod'))!;
    expect(after).to.deep.include({ description: 'before', is_active: false, scheduler: 'fifo' });
    expect(JSON.parse(after['scheduler_opts'] as string)).to.deep.equal({ allowed_session_types: ['batch'] });
    const cleared = await payload(MODIFY, { name: 'rg-mod', input: { wsproxy_addr: '' } });
    expect(cleared.ok, cleared.msg).to.equal(true);
    expect((await group('rg-mod'))!['wsproxy_addr']).to.equal(null);
    expect(await payload(MODIFY, { name: 'rg-none', input: { is_active: true } })).to.deep.equal({
      ok: false,
      msg: 'resource group "rg-none" not found',
      scaling_group: null,
    });
  });

  describe('bad input: an error naming the field, nothing written', () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['a scheduler the deployment does not load', 'props.scheduler', { scheduler: 'lifo' }, 'fifo'],
      [
        'an unknown scheduler option',
        'props.scheduler_opts.pending_timeot',
        { scheduler_opts: '{"pending_timeot": 5}' },
        'allowed_session_types',
      ],
      [
        'a negative pending timeout',
        'props.scheduler_opts.pending_timeout',
        { scheduler_opts: '{"pending_timeout": -1}' },
        'at least 0',
      ],
      [
        'a pending timeout as text',
        'props.scheduler_opts.pending_timeout',
        { scheduler_opts: '{"pending_timeout": "1h"}' },
        'seconds',
      ],
      [
        'an unknown session type',
        'props.scheduler_opts.allowed_session_types',
        { scheduler_opts: '{"allowed_session_types": ["gpu"]}' },
        'interactive',
      ],
      [
        'no session type at all',
        'props.scheduler_opts.allowed_session_types',
        { scheduler_opts: '{"allowed_session_types": []}' },
        'non-empty',
      ],
      [
        'an agent selector not loaded',
        'props.scheduler_opts.agent_selection_strategy',
        { scheduler_opts: '{"agent_selection_strategy": "dispersed"}' },
        'concentrated',
      ],
      [
        'scheduler policy config that is not an object',
        'props.scheduler_opts.config',
        { scheduler_opts: '{"config": [1]}' },
        'JSON object',
      ],
      [
        'scheduler options that are not an object',
        'props.scheduler_opts',
        { scheduler_opts: '[1]' },
        'JSON object',
      ],
      ['driver options that are not an object', 'props.driver_opts', { driver_opts: '"x"' }, 'JSON object'],
      ['an empty driver', 'props.driver', { driver: ' ' }, 'driver name'],
      [
        'a wsproxy address that is not a URL',
        'props.wsproxy_addr',
        { wsproxy_addr: 'wsproxy:5050' },
        'http or https',
      ],
      ['host networking', 'props.use_host_network', { use_host_network: true }, 'false'],
    ];
    for (const [index, [what, field, input, expected]] of cases.entries()) {
      it(`refuses ${what} on create and on modify`, async () => {
        const name = `rg-bad-${index}`;
        const error = await refusedInput(
          CREATE,
          { name, input: { driver: 'static', scheduler: 'fifo', ...input } },
          field,
        );
        expect(error.extensions.code).to.equal('invalid-api-params');
        expect(error.message).to.contain(expected);
        expect(await group(name)).to.equal(null);
        await create(name);
        const before = await group(name);
        await refusedInput(MODIFY, { name, input }, field);
        expect(await group(name)).to.deep.equal(before);
      });
    }

    it('refuses a bad group name and a project id that is not a UUID', async () => {
      await refusedInput(
        CREATE,
        { name: 'no spaces', input: { driver: 'static', scheduler: 'fifo' } },
        'name',
      );
      expect(await group('no spaces')).to.equal(null);
      await refusedInput(
        `mutation { associate_scaling_group_with_user_group(scaling_group: "default", user_group: "not-a-uuid") { ok msg } }`,
        {},
        'UUID',
      );
    });
  });

  it('associates with a domain, a project and a keypair, refuses a second time, and disassociates', async () => {
    await create('rg-assoc');
    const with_ = (kind: string, arg: string, value: string) =>
      `mutation { ${kind}(scaling_group: "rg-assoc", ${arg}: "${value}") { ok msg } }`;
    const ok = { ok: true, msg: 'success' };
    expect(await payload(with_('associate_scaling_group_with_domain', 'domain', 'lab'))).to.deep.equal(ok);
    expect(
      await payload(with_('associate_scaling_group_with_user_group', 'user_group', DEFAULT_PROJECT_ID)),
    ).to.deep.equal(ok);
    expect(
      await payload(with_('associate_scaling_group_with_keypair', 'access_key', ALICE_KEY)),
    ).to.deep.equal(ok);
    expect(await names(FOR_DOMAIN, { domain: 'lab' })).to.include('rg-assoc');
    expect(await names(FOR_PROJECT, { g: DEFAULT_PROJECT_ID })).to.include('rg-assoc');
    expect(await names(FOR_KEYPAIR, { k: ALICE_KEY })).to.deep.equal(['rg-assoc']);

    expect(await payload(with_('associate_scaling_group_with_domain', 'domain', 'lab'))).to.deep.equal({
      ok: false,
      msg: 'the association of resource group "rg-assoc" with domain "lab" already exists',
    });

    expect(
      await payload(with_('disassociate_scaling_group_with_keypair', 'access_key', ALICE_KEY)),
    ).to.deep.equal(ok);
    expect(await names(FOR_KEYPAIR, { k: ALICE_KEY })).to.deep.equal([]);
    expect(
      await payload(with_('disassociate_scaling_group_with_keypair', 'access_key', ALICE_KEY)),
    ).to.deep.equal({
      ok: false,
      msg: `an association of resource group "rg-assoc" with keypair ${ALICE_KEY} not found`,
    });
    expect(
      await payload(with_('disassociate_scaling_group_with_user_group', 'user_group', DEFAULT_PROJECT_ID)),
    ).to.deep.equal(ok);
    expect(await names(FOR_PROJECT, { g: DEFAULT_PROJECT_ID })).to.not.include('rg-assoc');
    expect(await payload(with_('disassociate_scaling_group_with_domain', 'domain', 'lab'))).to.deep.equal(ok);
    expect(await names(FOR_DOMAIN, { domain: 'lab' })).to.not.include('rg-assoc');
  });

  it('refuses associations naming a domain, project, keypair or group that does not exist', async () => {
    const cases: Array<[string, string]> = [
      [
        'associate_scaling_group_with_domain(scaling_group: "default", domain: "nodomain")',
        'domain "nodomain" not found',
      ],
      [
        'associate_scaling_group_with_user_group(scaling_group: "default", user_group: "00000000-0000-4000-8000-000000000000")',
        'project 00000000-0000-4000-8000-000000000000 not found',
      ],
      [
        'associate_scaling_group_with_keypair(scaling_group: "default", access_key: "AKIANOSUCHKEY0000001")',
        'keypair AKIANOSUCHKEY0000001 not found',
      ],
      [
        'associate_scaling_group_with_domain(scaling_group: "nogroup", domain: "lab")',
        'resource group "nogroup" not found',
      ],
      [
        'disassociate_scaling_group_with_domain(scaling_group: "default", domain: "nodomain")',
        'domain "nodomain" not found',
      ],
      ['disassociate_all_scaling_groups_with_domain(domain: "nodomain")', 'domain "nodomain" not found'],
      [
        'disassociate_all_scaling_groups_with_group(user_group: "00000000-0000-4000-8000-000000000000")',
        'project 00000000-0000-4000-8000-000000000000 not found',
      ],
    ];
    for (const [call, msg] of cases)
      expect(await payload(`mutation { ${call} { ok msg } }`), call).to.deep.equal({ ok: false, msg });
  });

  it('disassociates every group of a domain and of a project', async () => {
    await create('rg-all-1');
    await create('rg-all-2');
    for (const name of ['rg-all-1', 'rg-all-2']) {
      await payload(
        `mutation { associate_scaling_group_with_domain(scaling_group: "${name}", domain: "lab") { ok msg } }`,
      );
      await payload(
        `mutation { associate_scaling_group_with_user_group(scaling_group: "${name}", user_group: "${DEFAULT_PROJECT_ID}") { ok msg } }`,
      );
    }
    expect(await names(FOR_DOMAIN, { domain: 'lab' })).to.include.members(['rg-all-1', 'rg-all-2']);
    const ok = { ok: true, msg: 'success' };
    expect(
      await payload(`mutation { disassociate_all_scaling_groups_with_domain(domain: "lab") { ok msg } }`),
    ).to.deep.equal(ok);
    expect(await names(FOR_DOMAIN, { domain: 'lab' })).to.deep.equal([]);
    expect(await names(FOR_DOMAIN, { domain: 'default' })).to.deep.equal(['default']);
    expect(
      await payload(
        `mutation { disassociate_all_scaling_groups_with_group(user_group: "${DEFAULT_PROJECT_ID}") { ok msg } }`,
      ),
    ).to.deep.equal(ok);
    expect(await names(FOR_PROJECT, { g: DEFAULT_PROJECT_ID })).to.deep.equal([]);
  });

  it('deletes an unused group with its associations', async () => {
    await create('rg-gone');
    await payload(
      `mutation { associate_scaling_group_with_domain(scaling_group: "rg-gone", domain: "lab") { ok msg } }`,
    );
    expect(await payload(DELETE, { name: 'rg-gone' })).to.deep.equal({ ok: true, msg: 'success' });
    expect(await group('rg-gone')).to.equal(null);
    expect(await names(FOR_DOMAIN, { domain: 'lab' })).to.not.include('rg-gone');
    expect(await payload(DELETE, { name: 'rg-gone' })).to.deep.equal({
      ok: false,
      msg: 'resource group "rg-gone" not found',
    });
  });

  it('refuses to delete a group that still has agents or sessions, leaving it whole', async () => {
    const before = await group('default');
    expect(await payload(DELETE, { name: 'default' })).to.deep.equal({
      ok: false,
      msg: 'resource group "default" still has 1 agent naming it: move or remove them first',
    });
    expect(await group('default')).to.deep.equal(before);
    expect(await names(FOR_DOMAIN, { domain: 'default' })).to.deep.equal(['default']);

    await create('rg-queued');
    await deployment.db.sessions.create(
      newSession('rg-queued-1', [{ cpu: '1' }], { resourceGroup: 'rg-queued' }),
    );
    expect(await payload(DELETE, { name: 'rg-queued' })).to.deep.equal({
      ok: false,
      msg: 'resource group "rg-queued" still has 1 live session naming it: move or remove them first',
    });
    expect(await group('rg-queued')).to.not.equal(null);
  });

  it('a modified group takes effect on the next scheduling pass (pending_timeout)', async () => {
    await create('rg-timeout');
    const session = await deployment.db.sessions.create(
      newSession('rg-timeout-1', [{ cpu: '1' }], { resourceGroup: 'rg-timeout' }),
    );
    const status = async () => (await deployment.db.sessions.get(session.id))!.status;
    // Passes run every 200 ms; a second holds several, none of which may cancel it (no timeout).
    await consistently(async () => (await status()) === 'PENDING', 'the session to stay pending', {
      forMs: 1000,
    });
    const answer = await payload(MODIFY, {
      name: 'rg-timeout',
      input: { scheduler_opts: '{"pending_timeout": 1}' },
    });
    expect(answer.ok, answer.msg).to.equal(true);
    await eventually(
      async () => (await status()) === 'CANCELLED',
      'the pending timeout to cancel the session',
    );
  });
});
