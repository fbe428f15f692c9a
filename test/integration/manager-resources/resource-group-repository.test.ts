import { expect } from 'chai';
import { describeOnDrivers, type OpenDatabase } from '../database/support/database-drivers';

const MAIN_ID = '3a0c7a2f-4444-4b4b-8c8c-0000000000a1';
const OTHER_ID = '3a0c7a2f-4444-4b4b-8c8c-0000000000a2';
const ACCESS_KEY = 'AKIARGREPOSITORY0001';

/** A domain with two projects and a keypair, and four resource groups associated with them. */
const TENANT = {
  domains: [{ name: 'rg' }, { name: 'elsewhere' }],
  keypair_resource_policies: [{ name: 'default' }],
  groups: [
    { id: MAIN_ID, name: 'main', domain_name: 'rg' },
    { id: OTHER_ID, name: 'other', domain_name: 'rg' },
  ],
  users: [{ email: 'u@rg.test', username: 'u', role: 'user', domain_name: 'rg' }],
  keypairs: [
    {
      access_key: ACCESS_KEY,
      secret_key: 'resourceGroupRepoSecret01',
      user_id: 'u@rg.test',
      resource_policy: 'default',
    },
  ],
  resource_groups: [
    {
      name: 'alpha',
      description: 'The first',
      driver: 'static',
      driver_opts: { region: 'x' },
      scheduler: 'fifo',
      scheduler_opts: { pending_timeout: 30 },
      wsproxy_addr: 'http://proxy.test:5050',
    },
    { name: 'beta', scheduler: 'drf', is_public: false },
    { name: 'gamma', scheduler: 'lifo', is_active: false },
    { name: 'lonely', scheduler: 'fifo' },
  ],
  resource_groups_for_domains: [
    { resource_group: 'alpha', domain: 'rg' },
    { resource_group: 'gamma', domain: 'rg' },
    { resource_group: 'lonely', domain: 'elsewhere' },
  ],
  resource_groups_for_groups: [
    { resource_group: 'beta', group: MAIN_ID },
    { resource_group: 'gamma', group: MAIN_ID },
  ],
  resource_groups_for_keypairs: [{ resource_group: 'gamma', access_key: ACCESS_KEY }],
};

describeOnDrivers('the resource group repository (admin reads)', (harness) => {
  let db: OpenDatabase;
  before(async function () {
    this.timeout(60_000);
    db = await harness.open();
    await db.database.fixtures.populate(TENANT);
  });
  after(async () => {
    await db?.database.close();
  });

  const names = async (filter?: Parameters<OpenDatabase['database']['resourceGroups']['list']>[0]) =>
    (await db.database.resourceGroups.list(filter)).map((group) => group.name);

  it('describes one group with every recorded detail, or answers null', async () => {
    const alpha = await db.database.resourceGroups.describe('alpha');
    expect(alpha).to.deep.include({
      name: 'alpha',
      description: 'The first',
      isActive: true,
      isPublic: true,
      driver: 'static',
      driverOpts: { region: 'x' },
      scheduler: 'fifo',
      schedulerOpts: { pending_timeout: 30 },
      wsproxyAddr: 'http://proxy.test:5050',
    });
    expect(alpha!.createdAt).to.be.instanceOf(Date);
    expect(Math.abs(alpha!.createdAt.getTime() - Date.now())).to.be.below(10 * 60_000);
    expect(await db.database.resourceGroups.describe('beta')).to.deep.include({
      description: null,
      isPublic: false,
      driverOpts: {},
      wsproxyAddr: null,
    });
    expect(await db.database.resourceGroups.describe('nowhere')).to.equal(null);
  });

  it('lists every group by name, or only the active or inactive ones', async () => {
    expect(await names()).to.deep.equal(['alpha', 'beta', 'gamma', 'lonely']);
    expect(await names({ isActive: true })).to.deep.equal(['alpha', 'beta', 'lonely']);
    expect(await names({ isActive: false })).to.deep.equal(['gamma']);
  });

  it('lists the groups of a domain, a project (any letter case) or a keypair, with the activity filter', async () => {
    expect(await names({ domain: 'rg' })).to.deep.equal(['alpha', 'gamma']);
    expect(await names({ domain: 'rg', isActive: true })).to.deep.equal(['alpha']);
    expect(await names({ domain: 'elsewhere' })).to.deep.equal(['lonely']);
    expect(await names({ domain: 'nowhere' })).to.deep.equal([]);
    expect(await names({ project: MAIN_ID })).to.deep.equal(['beta', 'gamma']);
    expect(await names({ project: MAIN_ID.toUpperCase(), isActive: false })).to.deep.equal(['gamma']);
    expect(await names({ project: OTHER_ID })).to.deep.equal([]);
    expect(await names({ accessKey: ACCESS_KEY })).to.deep.equal(['gamma']);
    expect(await names({ accessKey: ACCESS_KEY, isActive: true })).to.deep.equal([]);
    expect(await names({ accessKey: 'AKIANOSUCHKEY0000000' })).to.deep.equal([]);
  });
});
