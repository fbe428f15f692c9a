import { expect } from 'chai';
import {
  ALICE,
  bootGraphQLManager,
  DEFAULT_PROJECT_ID,
  DOMAIN_ADMIN,
  SUPERADMIN,
  type Caller,
} from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData, gqlRefused, MONITOR } from '../manager-identity/support/identity-harness';

const PROJECT_ID = '5b1d7c3e-5555-4c4c-9d9d-0000000000b1';
const KEY = 'AKIASGQUERYKEYPAIR01';

const FIELDS =
  'name description is_active created_at wsproxy_addr driver driver_opts scheduler scheduler_opts';
const ONE = `query ($name: String) { scaling_group(name: $name) { ${FIELDS} } }`;
const ALL = `query ($name: String, $is_active: Boolean) {
  scaling_groups(name: $name, is_active: $is_active) { name } }`;
const FOR_DOMAIN = `query ($domain: String!, $is_active: Boolean) {
  scaling_groups_for_domain(domain: $domain, is_active: $is_active) { name } }`;
const FOR_PROJECT = `query ($user_group: String!, $is_active: Boolean) {
  scaling_groups_for_user_group(user_group: $user_group, is_active: $is_active) { name } }`;
const FOR_KEYPAIR = `query ($access_key: String!, $is_active: Boolean) {
  scaling_groups_for_keypair(access_key: $access_key, is_active: $is_active) { name } }`;
/* What upstream's `backend.ai admin scaling-group list` and `info` send with their default fields. */
const CLI_LIST = `query($is_active: Boolean) {
  scaling_groups(is_active: $is_active) { name description is_active created_at driver scheduler use_host_network } }`;
const CLI_INFO = `query($name: String) {
  scaling_group(name: $name) {name description is_active created_at driver driver_opts scheduler scheduler_opts use_host_network} }`;

describe('manager resources: scaling group queries (admin GraphQL)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-resources' }] });
    await deployment.db.fixtures.populate({
      users: [
        { email: 'monitor@lablup.com', username: 'monitor', role: 'monitor', domain_name: 'default' },
        { email: 'sg-user@lablup.com', username: 'sg-user', role: 'user', domain_name: 'lab' },
      ],
      keypairs: [
        {
          access_key: MONITOR.accessKey,
          secret_key: MONITOR.secretKey,
          user_id: 'monitor@lablup.com',
          is_admin: false,
          resource_policy: 'default',
        },
        {
          access_key: KEY,
          secret_key: 'scalingGroupQueryKeypairSecret0000000001',
          user_id: 'sg-user@lablup.com',
          resource_policy: 'default',
        },
      ],
      groups: [{ id: PROJECT_ID, name: 'sg-project', domain_name: 'lab' }],
      resource_groups: [
        {
          name: 'sg-gpu',
          description: 'GPU nodes',
          driver: 'static',
          driver_opts: { zone: 'a' },
          scheduler: 'drf',
          scheduler_opts: { pending_timeout: 60, allowed_session_types: ['batch'] },
          wsproxy_addr: 'http://wsproxy.test:5050',
        },
        { name: 'sg-idle', scheduler: 'fifo', is_active: false },
        { name: 'sg-keyed', scheduler: 'lifo' },
      ],
      resource_groups_for_domains: [
        { resource_group: 'sg-gpu', domain: 'lab' },
        { resource_group: 'sg-idle', domain: 'lab' },
      ],
      resource_groups_for_groups: [
        { resource_group: 'sg-gpu', group: PROJECT_ID },
        { resource_group: 'sg-idle', group: PROJECT_ID },
      ],
      resource_groups_for_keypairs: [{ resource_group: 'sg-keyed', access_key: KEY }],
    });
  });
  after(async () => {
    await deployment?.stop();
  });

  const data = (query: string, variables: Record<string, unknown> = {}, caller: Caller = SUPERADMIN) =>
    gqlData(deployment, caller, query, variables);
  const names = async (query: string, field: string, variables: Record<string, unknown> = {}) =>
    ((await data(query, variables))[field] as Array<{ name: string }>).map((group) => group.name);

  it('answers one group with every field, JSON options as JSON strings, and null for an unknown name', async () => {
    const group = (await data(ONE, { name: 'sg-gpu' }))['scaling_group'] as Record<string, unknown>;
    expect(group).to.deep.include({
      name: 'sg-gpu',
      description: 'GPU nodes',
      is_active: true,
      wsproxy_addr: 'http://wsproxy.test:5050',
      driver: 'static',
      scheduler: 'drf',
    });
    expect(JSON.parse(group['driver_opts'] as string)).to.deep.equal({ zone: 'a' });
    expect(JSON.parse(group['scheduler_opts'] as string)).to.deep.equal({
      pending_timeout: 60,
      allowed_session_types: ['batch'],
    });
    const created = Date.parse(group['created_at'] as string);
    expect(Math.abs(created - Date.now())).to.be.below(10 * 60_000);
    const idle = (await data(ONE, { name: 'sg-idle' }))['scaling_group'] as Record<string, unknown>;
    expect(idle).to.deep.include({ is_active: false, description: null, wsproxy_addr: null });
    expect(JSON.parse(idle['driver_opts'] as string)).to.deep.equal({});
    expect((await data(ONE, { name: 'nowhere' }))['scaling_group']).to.equal(null);
  });

  it('lists every group by name, filtered by activity or name', async () => {
    const all = await names(ALL, 'scaling_groups');
    expect(all).to.include.members(['default', 'sg-gpu', 'sg-idle', 'sg-keyed']);
    expect(all).to.deep.equal([...all].sort());
    const active = await names(ALL, 'scaling_groups', { is_active: true });
    expect(active).to.include.members(['default', 'sg-gpu', 'sg-keyed']).and.not.include('sg-idle');
    expect(await names(ALL, 'scaling_groups', { is_active: false })).to.deep.equal(['sg-idle']);
    expect(await names(ALL, 'scaling_groups', { name: 'sg-keyed' })).to.deep.equal(['sg-keyed']);
    expect(await names(ALL, 'scaling_groups', { name: 'sg-keyed', is_active: false })).to.deep.equal([]);
  });

  it('lists the groups associated with a domain, a project and a keypair', async () => {
    const forDomain = 'scaling_groups_for_domain';
    expect(await names(FOR_DOMAIN, forDomain, { domain: 'lab' })).to.deep.equal(['sg-gpu', 'sg-idle']);
    expect(await names(FOR_DOMAIN, forDomain, { domain: 'lab', is_active: true })).to.deep.equal(['sg-gpu']);
    expect(await names(FOR_DOMAIN, forDomain, { domain: 'default' })).to.deep.equal(['default']);
    expect(await names(FOR_DOMAIN, forDomain, { domain: 'nowhere' })).to.deep.equal([]);

    const forProject = 'scaling_groups_for_user_group';
    expect(await names(FOR_PROJECT, forProject, { user_group: PROJECT_ID })).to.deep.equal([
      'sg-gpu',
      'sg-idle',
    ]);
    expect(
      await names(FOR_PROJECT, forProject, { user_group: PROJECT_ID.toUpperCase(), is_active: false }),
    ).to.deep.equal(['sg-idle']);
    expect(await names(FOR_PROJECT, forProject, { user_group: DEFAULT_PROJECT_ID })).to.deep.equal([
      'default',
    ]);

    const forKeypair = 'scaling_groups_for_keypair';
    expect(await names(FOR_KEYPAIR, forKeypair, { access_key: KEY })).to.deep.equal(['sg-keyed']);
    expect(await names(FOR_KEYPAIR, forKeypair, { access_key: KEY, is_active: false })).to.deep.equal([]);
    expect(await names(FOR_KEYPAIR, forKeypair, { access_key: ALICE.accessKey })).to.deep.equal([]);
  });

  it('refuses a user_group that is not a UUID, naming the argument', async () => {
    const message = await gqlRefused(
      deployment,
      SUPERADMIN,
      FOR_PROJECT,
      { user_group: 'sg-project' },
      'invalid-api-params',
    );
    expect(message).to.include('user_group').and.include('UUID');
  });

  it("answers the upstream CLI's list and info queries, use_host_network being null (not recorded)", async () => {
    const listed = (await data(CLI_LIST, { is_active: null }))['scaling_groups'] as Array<
      Record<string, unknown>
    >;
    expect(listed.find((group) => group['name'] === 'sg-keyed')).to.deep.include({
      description: null,
      is_active: true,
      driver: 'static',
      scheduler: 'lifo',
      use_host_network: null,
    });
    const info = (await data(CLI_INFO, { name: 'sg-gpu' }))['scaling_group'] as Record<string, unknown>;
    expect(info).to.deep.include({ name: 'sg-gpu', scheduler: 'drf', use_host_network: null });
    expect(JSON.parse(info['scheduler_opts'] as string)).to.deep.include({ pending_timeout: 60 });
  });

  it('refuses every query to a domain admin, a user and a monitor (superadmin only, as upstream)', async () => {
    const queries: Array<[string, Record<string, unknown>]> = [
      [ONE, { name: 'sg-gpu' }],
      [ALL, {}],
      [FOR_DOMAIN, { domain: 'default' }],
      [FOR_PROJECT, { user_group: DEFAULT_PROJECT_ID }],
      [FOR_KEYPAIR, { access_key: ALICE.accessKey }],
    ];
    for (const caller of [DOMAIN_ADMIN, ALICE, MONITOR]) {
      for (const [query, variables] of queries) {
        const message = await gqlRefused(deployment, caller, query, variables);
        expect(message).to.be.a('string').and.not.empty;
      }
    }
  });
});
