import { expect } from 'chai';
import {
  ALICE,
  SUPERADMIN,
  bootInteropManager,
  clientFor,
  serverFailure,
  type InteropClient,
  type ManagerDeployment,
} from './support/sdk-interop';

type Answer = Record<string, unknown>;
type Call = (...args: unknown[]) => Promise<Answer>;

/** The admin wrappers of `backend.ai-client` 21.3.1 these tests call (see the SDK's source). */
interface AdminSdk {
  is_admin: boolean;
  is_superadmin: boolean;
  email: string;
  user: { list: Call; get: Call; create: Call; update: Call; delete: Call };
  keypair: { info: Call; list: Call; add: Call; mutate: Call; delete: Call };
  resourcePolicy: { get: Call; add: Call; mutate: Call; delete: Call };
  resourcePreset: { add: Call; mutate: Call; delete: Call };
  domain: { get: Call; list: Call; update: Call };
  group: { list: Call };
  agent: { list: Call };
  image: { list: Call };
}

/**
 * The official JS SDK's admin calls (users, keypairs, resource policies and presets, domains,
 * projects, agents) against the embedded manager, with its default field lists: each call's
 * document must validate against Tessera's schema and its answer must say what the database holds.
 * The SDK only sends admin documents when the web app has marked the client as admin, as here.
 */
describe('backend.ai-client 21.3.1 interop: admin GraphQL calls', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let admin: AdminSdk & InteropClient;
  let alice: AdminSdk & InteropClient;

  before(async () => {
    deployment = await bootInteropManager();
    admin = (await clientFor(deployment, SUPERADMIN)) as AdminSdk & InteropClient;
    admin.is_admin = true;
    admin.is_superadmin = true;
    admin.email = 'admin@lablup.com';
    alice = (await clientFor(deployment, ALICE)) as AdminSdk & InteropClient;
  });
  after(async () => {
    await deployment?.stop();
  });

  it('user.create / get / update / list / delete: an account with its main keypair, changed, then gone', async () => {
    const created = await admin.user.create('sdk-user@lablup.com', {
      username: 'sdk-user',
      password: 'Sdk-Password-123',
      need_password_change: false,
      full_name: 'SDK User',
      description: 'made by the JS SDK',
      is_active: true,
      domain_name: 'default',
      role: 'user',
      group_ids: [],
    });
    expect(created['create_user']).to.deep.include({ ok: true, msg: 'success' });
    const user = await deployment.db.identity.users.getByEmail('sdk-user@lablup.com');
    expect(user?.fullName).to.equal('SDK User');

    const got = (await admin.user.get('sdk-user@lablup.com')) as { user: Answer };
    expect(got.user).to.deep.include({
      email: 'sdk-user@lablup.com',
      username: 'sdk-user',
      password: null,
      full_name: 'SDK User',
      domain_name: 'default',
      role: 'user',
      is_active: true,
    });

    const updated = await admin.user.update('sdk-user@lablup.com', { full_name: 'Renamed by SDK' });
    expect(updated['modify_user']).to.deep.equal({ ok: true, msg: 'success' });
    expect((await deployment.db.identity.users.getByEmail('sdk-user@lablup.com'))?.fullName).to.equal(
      'Renamed by SDK',
    );

    // The SDK's default fields name users by username (no e-mail).
    const listed = (await admin.user.list(true)) as { users: Answer[] };
    const names = listed.users.map((entry) => entry['username']);
    expect(names).to.include('sdk-user');
    expect(listed.users.find((entry) => entry['username'] === 'sdk-user')).to.deep.include({
      full_name: 'Renamed by SDK',
      password: null,
    });

    const deleted = await admin.user.delete('sdk-user@lablup.com');
    expect(deleted['delete_user']).to.deep.equal({ ok: true, msg: 'success' });
    expect((await deployment.db.identity.users.getByEmail('sdk-user@lablup.com'))?.status).to.equal(
      'deleted',
    );
  });

  it('keypair.add / info / mutate / list / delete, by user id (the e-mail)', async () => {
    const added = (await admin.keypair.add('admin@lablup.com', true, false, 'default', 1200)) as {
      create_keypair: { ok: boolean; keypair: Answer };
    };
    expect(added.create_keypair.ok).to.equal(true);
    expect(added.create_keypair.keypair).to.deep.include({
      is_active: true,
      is_admin: false,
      resource_policy: 'default',
      rate_limit: 1200,
    });
    const mine = (await admin.keypair.list('admin@lablup.com')) as { keypairs: Answer[] };
    const fresh = mine.keypairs.find((keypair) => keypair['rate_limit'] === 1200);
    expect(fresh, 'the new keypair in the owner’s list').to.not.equal(undefined);
    const accessKey = fresh!['access_key'] as string;

    const info = (await admin.keypair.info(accessKey)) as { keypair: Answer };
    expect(info.keypair).to.deep.include({
      access_key: accessKey,
      user_id: 'admin@lablup.com',
      rate_limit: 1200,
    });

    const mutated = await admin.keypair.mutate(accessKey, { rate_limit: 3000, is_active: false });
    expect(mutated['modify_keypair']).to.deep.equal({ ok: true, msg: 'success' });
    const stored = await deployment.db.identity.keypairs.get(accessKey);
    expect({ rateLimit: stored?.rateLimit, isActive: stored?.isActive }).to.deep.equal({
      rateLimit: 3000,
      isActive: false,
    });

    const all = (await admin.keypair.list(null, undefined, false)) as { keypairs: Answer[] };
    expect(all.keypairs.map((keypair) => keypair['access_key'])).to.include(accessKey);

    expect((await admin.keypair.delete(accessKey))['delete_keypair']).to.deep.equal({
      ok: true,
      msg: 'success',
    });
    expect(await deployment.db.identity.keypairs.get(accessKey)).to.equal(null);
  });

  it('resourcePolicy.add / get / mutate / delete (keypair resource policies)', async () => {
    const added = (await admin.resourcePolicy.add('sdk-policy', {
      default_for_unspecified: 'LIMITED',
      total_resource_slots: JSON.stringify({ cpu: '4', mem: '8g' }),
      max_concurrent_sessions: 3,
      max_containers_per_session: 2,
      idle_timeout: 600,
      max_vfolder_count: 5,
      max_vfolder_size: 0,
      allowed_vfolder_hosts: ['local:volume1'],
    })) as { create_keypair_resource_policy: { ok: boolean; resource_policy: Answer } };
    expect(added.create_keypair_resource_policy.ok).to.equal(true);
    expect(added.create_keypair_resource_policy.resource_policy).to.deep.include({
      name: 'sdk-policy',
      max_concurrent_sessions: 3,
      idle_timeout: 600,
    });

    const one = (await admin.resourcePolicy.get('sdk-policy')) as { keypair_resource_policy: Answer };
    expect(one.keypair_resource_policy).to.deep.include({
      name: 'sdk-policy',
      max_containers_per_session: 2,
    });
    expect(JSON.parse(one.keypair_resource_policy['total_resource_slots'] as string)).to.deep.equal({
      cpu: '4',
      mem: '8589934592',
    });

    const mutated = await admin.resourcePolicy.mutate('sdk-policy', { max_concurrent_sessions: 7 });
    expect(mutated['modify_keypair_resource_policy']).to.deep.equal({ ok: true, msg: 'success' });
    expect((await deployment.db.identity.policies.keypair.get('sdk-policy'))?.maxConcurrentSessions).to.equal(
      7,
    );

    const all = (await admin.resourcePolicy.get()) as { keypair_resource_policies: Answer[] };
    expect(all.keypair_resource_policies.map((policy) => policy['name'])).to.include.members([
      'default',
      'sdk-policy',
    ]);

    expect((await admin.resourcePolicy.delete('sdk-policy'))['delete_keypair_resource_policy']).to.deep.equal(
      {
        ok: true,
        msg: 'success',
      },
    );
    expect(await deployment.db.identity.policies.keypair.get('sdk-policy')).to.equal(null);
  });

  it('resourcePreset.add / mutate / delete', async () => {
    const added = await admin.resourcePreset.add('sdk-preset', {
      resource_slots: JSON.stringify({ cpu: '2', mem: '2g' }),
      shared_memory: '64m',
    });
    expect(added['create_resource_preset']).to.deep.equal({ ok: true, msg: 'success' });
    const mutated = await admin.resourcePreset.mutate('sdk-preset', {
      resource_slots: JSON.stringify({ cpu: '3', mem: '2g' }),
    });
    expect(mutated['modify_resource_preset']).to.deep.equal({ ok: true, msg: 'success' });
    const stored = (await deployment.db.resourcePresets.list()).find(
      (preset) => preset.name === 'sdk-preset',
    );
    expect(stored?.resourceSlots).to.deep.equal({ cpu: '3', mem: '2147483648' });
    expect((await admin.resourcePreset.delete('sdk-preset'))['delete_resource_preset']).to.deep.equal({
      ok: true,
      msg: 'success',
    });
    expect((await deployment.db.resourcePresets.list()).map((preset) => preset.name)).to.not.include(
      'sdk-preset',
    );
  });

  it('domain.get / list / update and group.list', async () => {
    const one = (await admin.domain.get('default')) as { domain: Answer };
    expect(one.domain).to.deep.include({ name: 'default', is_active: true });
    expect(one.domain['scaling_groups']).to.include('default');
    const all = (await admin.domain.list()) as { domains: Answer[] };
    expect(all.domains.map((domain) => domain['name'])).to.include('default');

    const updated = await admin.domain.update('default', { description: 'changed by the JS SDK' });
    expect(updated['modify_domain']).to.deep.equal({ ok: true, msg: 'success' });
    expect((await deployment.db.identity.domains.get('default'))?.description).to.equal(
      'changed by the JS SDK',
    );

    const groups = (await admin.group.list(true, 'default')) as { groups: Answer[] };
    expect(groups.groups.map((group) => group['name'])).to.include('default');
  });

  it('agent.list (the legacy agents query): the registered agents with their slots', async () => {
    const listed = (await admin.agent.list('ALIVE')) as { agents: Answer[] };
    const stored = await deployment.db.agents.listByStatus(['ALIVE']);
    expect(listed.agents.map((agent) => agent['id']).sort()).to.deep.equal(
      stored.map((agent) => agent.id).sort(),
    );
    expect(listed.agents[0]).to.have.all.keys(
      'id',
      'status',
      'region',
      'first_contact',
      'cpu_cur_pct',
      'mem_cur_bytes',
      'available_slots',
      'occupied_slots',
    );
  });

  it('image.list (the web UI’s environments page): every image with its installed flag and limits', async () => {
    const listed = (await admin.image.list()) as { images: Answer[] };
    const stored = await deployment.db.images.list();
    expect(listed.images.map((image) => image['name']).sort()).to.deep.equal(
      stored.map((image) => image.name).sort(),
    );
    const rBase = listed.images.find((image) => image['name'] === 'cr.backend.ai/stable/r-base:4.4')!;
    expect(rBase).to.include({ tag: '4.4', registry: 'cr.backend.ai', installed: true });
    expect(rBase['resource_limits']).to.deep.equal([{ key: 'mem', min: '2147483648', max: 'Infinity' }]);
    const installed = (await admin.image.list(undefined, true)) as { images: Answer[] };
    expect(installed.images.map((image) => image['name'])).to.include('cr.backend.ai/stable/r-base:4.4');
  });

  it('refuses the admin documents to a user with the SDK’s error (forbidden), changing nothing', async () => {
    alice.is_admin = true;
    alice.is_superadmin = true;
    try {
      const failure = await serverFailure(alice.user.delete('admin@lablup.com'));
      expect(failure.statusCode).to.equal(400);
      expect(failure.title).to.match(/may not/);
      expect((await deployment.db.identity.users.getByEmail('admin@lablup.com'))?.status).to.equal('active');
      const agents = await serverFailure(alice.agent.list('ALIVE'));
      expect(agents.title).to.match(/may not read agents/);
    } finally {
      alice.is_admin = false;
      alice.is_superadmin = false;
    }
  });
});
