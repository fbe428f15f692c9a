import { expect } from 'chai';
import { tesseraFailure } from '../../support/tessera-failure';
import { describeOnDrivers, type OpenDatabase } from '../database/support/database-drivers';
import { heartbeat, newSession } from '../database/support/sample-records';

const PROJECT_ID = '3a0c7a2f-4444-4b4b-8c8c-0000000000b1';
const ACCESS_KEY = 'AKIARGWRITES00000001';

const TENANT = {
  domains: [{ name: 'rgw' }],
  keypair_resource_policies: [{ name: 'default' }],
  groups: [{ id: PROJECT_ID, name: 'main', domain_name: 'rgw' }],
  users: [{ email: 'w@rg.test', username: 'w', role: 'user', domain_name: 'rgw' }],
  keypairs: [
    {
      access_key: ACCESS_KEY,
      secret_key: 'resourceGroupWritesSecret1',
      user_id: 'w@rg.test',
      resource_policy: 'default',
    },
  ],
  resource_groups: [{ name: 'kept', scheduler: 'fifo' }],
};

describeOnDrivers('the resource group repository (admin writes)', (harness) => {
  let db: OpenDatabase;
  beforeEach(async function () {
    this.timeout(60_000);
    db = await harness.open();
    await db.database.fixtures.populate(TENANT);
  });
  afterEach(async () => {
    await db?.database.close();
  });
  const groups = () => db.database.resourceGroups;

  it('creates a group with its defaults, and refuses a duplicate name', async () => {
    const made = await groups().create({ name: 'fresh', driver: 'static', scheduler: 'fifo' });
    expect(made).to.include({
      name: 'fresh',
      isActive: true,
      isPublic: true,
      description: null,
      wsproxyAddr: null,
    });
    expect(made.schedulerOpts).to.deep.equal({});
    expect(await groups().get('fresh')).to.deep.equal({
      name: 'fresh',
      isActive: true,
      scheduler: 'fifo',
      schedulerOpts: {},
    });
    const failure = await tesseraFailure(
      groups().create({ name: 'kept', driver: 'static', scheduler: 'lifo' }),
    );
    expect(failure.code).to.equal('object-already-exists');
    expect(failure.message).to.equal('a resource group named "kept" already exists');
    expect((await groups().get('kept'))!.scheduler).to.equal('fifo');
  });

  it('modifies only what is given, and the next read sees it', async () => {
    await groups().modify('kept', {
      scheduler: 'lifo',
      schedulerOpts: { pending_timeout: 5 },
      description: 'd',
    });
    expect(await groups().get('kept')).to.deep.equal({
      name: 'kept',
      isActive: true,
      scheduler: 'lifo',
      schedulerOpts: { pending_timeout: 5 },
    });
    expect((await groups().describe('kept'))!.description).to.equal('d');
    const failure = await tesseraFailure(groups().modify('nowhere', { isActive: false }));
    expect(failure.code).to.equal('object-not-found');
    expect(failure.message).to.equal('resource group "nowhere" not found');
  });

  it('associates with a domain, a project and a keypair once, and disassociates', async () => {
    await groups().associate('kept', { domain: 'rgw' });
    await groups().associate('kept', { project: PROJECT_ID.toUpperCase() });
    await groups().associate('kept', { accessKey: ACCESS_KEY });
    expect((await groups().list({ domain: 'rgw' })).map((g) => g.name)).to.deep.equal(['kept']);
    expect((await groups().list({ project: PROJECT_ID })).map((g) => g.name)).to.deep.equal(['kept']);
    expect((await groups().list({ accessKey: ACCESS_KEY })).map((g) => g.name)).to.deep.equal(['kept']);

    const twice = await tesseraFailure(groups().associate('kept', { domain: 'rgw' }));
    expect(twice.code).to.equal('object-already-exists');
    expect(twice.message).to.equal(
      'the association of resource group "kept" with domain "rgw" already exists',
    );

    await groups().disassociate('kept', { accessKey: ACCESS_KEY });
    expect(await groups().list({ accessKey: ACCESS_KEY })).to.deep.equal([]);
    const gone = await tesseraFailure(groups().disassociate('kept', { accessKey: ACCESS_KEY }));
    expect(gone.code).to.equal('object-not-found');
    expect(gone.message).to.contain(`keypair ${ACCESS_KEY}`);

    expect(await groups().disassociateAll({ domain: 'rgw' })).to.equal(1);
    expect(await groups().disassociateAll({ project: PROJECT_ID })).to.equal(1);
    expect(await groups().list({ domain: 'rgw' })).to.deep.equal([]);
    expect(await groups().list({ project: PROJECT_ID })).to.deep.equal([]);
  });

  it('refuses to associate with a domain, project, keypair or group that does not exist, naming it', async () => {
    const cases: Array<[Promise<unknown>, string]> = [
      [groups().associate('kept', { domain: 'nodomain' }), 'domain "nodomain" not found'],
      [
        groups().associate('kept', { project: '3a0c7a2f-4444-4b4b-8c8c-00000000ffff' }),
        'project 3a0c7a2f-4444-4b4b-8c8c-00000000ffff not found',
      ],
      [
        groups().associate('kept', { accessKey: 'AKIANOSUCHKEY0000001' }),
        'keypair AKIANOSUCHKEY0000001 not found',
      ],
      [groups().associate('nogroup', { domain: 'rgw' }), 'resource group "nogroup" not found'],
      [groups().disassociateAll({ domain: 'nodomain' }), 'domain "nodomain" not found'],
    ];
    for (const [attempt, message] of cases) {
      const failure = await tesseraFailure(attempt);
      expect(failure.code).to.equal('object-not-found');
      expect(failure.message).to.equal(message);
    }
  });

  it('deletes an unused group with its associations and scoped presets', async () => {
    await groups().create({ name: 'doomed', driver: 'static', scheduler: 'fifo' });
    await groups().associate('doomed', { domain: 'rgw' });
    await groups().associate('doomed', { project: PROJECT_ID });
    await groups().associate('doomed', { accessKey: ACCESS_KEY });
    await db.database.fixtures.populate({
      resource_presets: [{ name: 'doomed-small', resource_slots: { cpu: '1' }, resource_group: 'doomed' }],
    });
    expect((await db.database.resourcePresets.list(['doomed'])).map((p) => p.name)).to.include(
      'doomed-small',
    );
    await groups().delete('doomed');
    expect(await groups().get('doomed')).to.equal(null);
    expect(await groups().list({ domain: 'rgw' })).to.deep.equal([]);
    expect(await groups().list({ accessKey: ACCESS_KEY })).to.deep.equal([]);
    expect((await db.database.resourcePresets.list(['doomed'])).map((p) => p.name)).not.to.include(
      'doomed-small',
    );
    // The name is free again.
    await groups().create({ name: 'doomed', driver: 'static', scheduler: 'fifo' });
    expect(await groups().list({ domain: 'rgw' })).to.deep.equal([]);
  });

  it('refuses to delete a group that agents or sessions name, leaving it whole', async () => {
    await groups().create({ name: 'busy', driver: 'static', scheduler: 'fifo' });
    await groups().associate('busy', { domain: 'rgw' });
    await db.database.agents.upsertFromHeartbeat(
      heartbeat('i-busy', { cpu: '4' }, { resourceGroup: 'busy' }),
      new Date(),
    );
    const withAgent = await tesseraFailure(groups().delete('busy'));
    expect(withAgent.code).to.equal('object-in-use');
    expect(withAgent.message).to.equal(
      'resource group "busy" still has 1 agent naming it: move or remove them first',
    );

    await groups().create({ name: 'queued', driver: 'static', scheduler: 'fifo' });
    await db.database.sessions.create(newSession('waiting', [{ cpu: '1' }], { resourceGroup: 'queued' }));
    const withSession = await tesseraFailure(groups().delete('queued'));
    expect(withSession.code).to.equal('object-in-use');
    expect(withSession.message).to.equal(
      'resource group "queued" still has 1 live session naming it: move or remove them first',
    );
    expect(await groups().get('busy')).to.not.equal(null);
    expect(await groups().get('queued')).to.not.equal(null);
    expect((await groups().list({ domain: 'rgw' })).map((g) => g.name)).to.deep.equal(['busy']);
    const missing = await tesseraFailure(groups().delete('nowhere'));
    expect(missing.code).to.equal('object-not-found');
  });
});
