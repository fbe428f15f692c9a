import { expect } from 'chai';
import { describeOnDrivers, type OpenDatabase } from '../database/support/database-drivers';

const DEFAULT_ID = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
const LAB_ID = 'f1a0c7a2-3333-4a4a-9b9b-0000000000aa';
const USER_ID = 'f1a0c7a2-3333-4a4a-9b9b-000000000001';

/** A domain with two projects (the user is in `default` only), four resource groups and presets. */
const TENANT = {
  domains: [{ name: 'default', total_resource_slots: { cpu: '64' } }],
  keypair_resource_policies: [{ name: 'default' }],
  groups: [
    { id: DEFAULT_ID, name: 'default', domain_name: 'default', total_resource_slots: { mem: '4g' } },
    { id: LAB_ID, name: 'lab', domain_name: 'default' },
  ],
  users: [{ uuid: USER_ID, email: 'u@presets.test', username: 'u', role: 'user', domain_name: 'default' }],
  association_groups_users: [{ group_id: DEFAULT_ID, user_id: USER_ID }],
  keypairs: [
    {
      access_key: 'AKIAPRESETREPO000001',
      secret_key: 'presetRepositorySecret01',
      user_id: 'u@presets.test',
      resource_policy: 'default',
    },
  ],
  resource_groups: [
    { name: 'by-domain', scheduler: 'fifo' },
    { name: 'by-project', scheduler: 'fifo' },
    { name: 'by-keypair', scheduler: 'fifo' },
    { name: 'by-lab', scheduler: 'fifo' },
    { name: 'inactive', scheduler: 'fifo', is_active: false },
  ],
  resource_groups_for_domains: [
    { resource_group: 'by-domain', domain: 'default' },
    { resource_group: 'inactive', domain: 'default' },
  ],
  resource_groups_for_groups: [
    { resource_group: 'by-project', group: DEFAULT_ID },
    { resource_group: 'by-lab', group: LAB_ID },
  ],
  resource_groups_for_keypairs: [{ resource_group: 'by-keypair', access_key: 'AKIAPRESETREPO000001' }],
  resource_presets: [
    { name: 'b-global', resource_slots: { cpu: '1' } },
    { name: 'a-lab', resource_slots: { cpu: '2' }, resource_group: 'by-lab', shared_memory: '64m' },
    { name: 'b-global', resource_slots: { cpu: '3' }, resource_group: 'by-project' },
  ],
};

const caller = { accessKey: 'AKIAPRESETREPO000001', userId: USER_ID, domainName: 'default' };

describeOnDrivers('the resource preset repository', (harness) => {
  let db: OpenDatabase;
  before(async function () {
    this.timeout(60_000);
    db = await harness.open();
    await db.database.fixtures.populate(TENANT);
  });
  after(async () => {
    await db?.database.close();
  });

  it('lists every preset by name, the global one first, or only those of some resource groups', async () => {
    const all = await db.database.resourcePresets.list();
    expect(all.map((p) => [p.name, p.resourceGroup, p.resourceSlots['cpu'], p.sharedMemory])).to.deep.equal([
      ['a-lab', 'by-lab', '2', 64 * 1024 * 1024],
      ['b-global', null, '1', null],
      ['b-global', 'by-project', '3', null],
    ]);
    const some = await db.database.resourcePresets.list(['by-project']);
    expect(some.map((p) => [p.name, p.resourceGroup])).to.deep.equal([
      ['b-global', null],
      ['b-global', 'by-project'],
    ]);
  });

  it("answers a member's project with its limits, the domain's limits and the active resource groups", async () => {
    const scope = await db.database.resourcePresets.scopeOf(caller, 'default');
    expect(scope).to.deep.equal({
      project: { id: DEFAULT_ID, name: 'default', totalResourceSlots: { mem: '4294967296' }, isMember: true },
      domainSlots: { cpu: '64' },
      resourceGroups: ['by-domain', 'by-keypair', 'by-project'],
    });
    expect(await db.database.resourcePresets.scopeOf(caller, DEFAULT_ID.toUpperCase())).to.deep.equal(scope);
  });

  it('leaves out the resource groups of a project the caller is not in, and says it is not a member', async () => {
    const scope = await db.database.resourcePresets.scopeOf(caller, 'lab');
    expect(scope.project).to.deep.include({ id: LAB_ID, isMember: false });
    expect(scope.resourceGroups).to.deep.equal(['by-domain', 'by-keypair']);
    const unknown = await db.database.resourcePresets.scopeOf(caller, 'nowhere');
    expect(unknown.project).to.equal(null);
    expect(unknown.resourceGroups).to.deep.equal(['by-domain', 'by-keypair']);
  });
});
