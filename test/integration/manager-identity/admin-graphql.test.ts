import { expect } from 'chai';
import {
  ALICE,
  BOB,
  bootIdentityManager,
  DEFAULT_GROUP,
  DOMAIN_ADMIN,
  expectProblem,
  gqlData,
  gqlRefused,
  LAB_ADMIN,
  LAB_PROJECT_ID,
  LAB_USER,
  MONITOR,
  signedCall,
  SUPERADMIN,
  type Caller,
  type ManagerDeployment,
} from './support/identity-harness';

type Row = Record<string, unknown>;

describe('manager-identity: admin GraphQL queries and mutations (api-spec §8.5, §8.9-8.12)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  const data = (caller: Caller, query: string, variables: Row = {}) =>
    gqlData(deployment, caller, query, variables);

  before(async () => {
    deployment = await bootIdentityManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  describe('domains', () => {
    it('creates, reads, modifies, deactivates and purges a domain', async () => {
      const created = await data(
        SUPERADMIN,
        `mutation { create_domain(name: "gql-domain", props: { description: "made here", total_resource_slots: "{\\"cpu\\": 8}", allowed_vfolder_hosts: ["local:volume1"], allowed_docker_registries: ["cr.backend.ai"] }) { ok msg domain { name description is_active total_resource_slots allowed_vfolder_hosts allowed_docker_registries scaling_groups } } }`,
      );
      expect(created['create_domain']).to.deep.equal({
        ok: true,
        msg: 'success',
        domain: {
          name: 'gql-domain',
          description: 'made here',
          is_active: true,
          total_resource_slots: JSON.stringify({ cpu: '8' }),
          allowed_vfolder_hosts: ['local:volume1'],
          allowed_docker_registries: ['cr.backend.ai'],
          scaling_groups: [],
        },
      });
      const again = await data(
        SUPERADMIN,
        'mutation { create_domain(name: "gql-domain", props: {}) { ok msg domain { name } } }',
      );
      expect(again['create_domain']).to.deep.include({ ok: false, domain: null });
      expect((again['create_domain'] as Row)['msg']).to.contain('gql-domain');

      const one = await data(SUPERADMIN, '{ domain(name: "gql-domain") { name description } }');
      expect(one['domain']).to.deep.equal({ name: 'gql-domain', description: 'made here' });
      expect((await data(SUPERADMIN, '{ domain(name: "no-such-domain") { name } }'))['domain']).to.equal(
        null,
      );
      const all = await data(SUPERADMIN, '{ domains { name } }');
      expect((all['domains'] as Row[]).map((d) => d['name'])).to.include.members([
        'default',
        'lab',
        'gql-domain',
      ]);

      const modified = await data(
        SUPERADMIN,
        'mutation { modify_domain(name: "gql-domain", props: { description: "changed", name: "gql-domain-2" }) { ok msg domain { name description } } }',
      );
      expect(modified['modify_domain']).to.deep.equal({
        ok: true,
        msg: 'success',
        domain: { name: 'gql-domain-2', description: 'changed' },
      });
      const missing = await data(
        SUPERADMIN,
        'mutation { modify_domain(name: "no-such-domain", props: { description: "x" }) { ok msg } }',
      );
      expect(missing['modify_domain']).to.deep.include({ ok: false });

      const deleted = await data(SUPERADMIN, 'mutation { delete_domain(name: "gql-domain-2") { ok msg } }');
      expect(deleted['delete_domain']).to.deep.equal({ ok: true, msg: 'success' });
      expect((await deployment.db.identity.domains.get('gql-domain-2'))!.isActive).to.equal(false);
      const inactive = await data(SUPERADMIN, '{ domains(is_active: false) { name } }');
      expect((inactive['domains'] as Row[]).map((d) => d['name'])).to.include('gql-domain-2');

      const inUse = await data(SUPERADMIN, 'mutation { purge_domain(name: "default") { ok msg } }');
      expect(inUse['purge_domain']).to.deep.include({ ok: false });
      expect(await deployment.db.identity.domains.get('default')).to.not.equal(null);
      const purged = await data(SUPERADMIN, 'mutation { purge_domain(name: "gql-domain-2") { ok msg } }');
      expect(purged['purge_domain']).to.deep.equal({ ok: true, msg: 'success' });
      expect(await deployment.db.identity.domains.get('gql-domain-2')).to.equal(null);
    });

    it('shows a domain admin and a user their own domain only; a monitor every domain', async () => {
      expect((await data(DOMAIN_ADMIN, '{ domain { name } }'))['domain']).to.deep.equal({ name: 'default' });
      expect((await data(ALICE, '{ domains { name } }'))['domains']).to.deep.equal([{ name: 'default' }]);
      await gqlRefused(deployment, ALICE, '{ domain(name: "lab") { name } }');
      await gqlRefused(deployment, LAB_ADMIN, '{ domain(name: "default") { name } }');
      const monitor = await data(MONITOR, '{ domains { name } }');
      expect((monitor['domains'] as Row[]).map((d) => d['name'])).to.include.members(['default', 'lab']);
    });

    it('refuses a bad name naming the argument', async () => {
      const message = await gqlRefused(
        deployment,
        SUPERADMIN,
        'mutation { create_domain(name: "bad name!", props: {}) { ok } }',
        {},
        'invalid-api-params',
      );
      expect(message).to.contain('name');
    });
  });

  describe('groups (projects) and members', () => {
    it('creates, reads, modifies members of, deactivates and purges a project', async () => {
      const created = await data(
        DOMAIN_ADMIN,
        'mutation { create_group(name: "gql-project", props: { domain_name: "default", description: "d" }) { ok msg group { id name domain_name description is_active type } } }',
      );
      const group = (created['create_group'] as Row)['group'] as Row;
      expect(group).to.deep.include({
        name: 'gql-project',
        domain_name: 'default',
        description: 'd',
        is_active: true,
        type: 'GENERAL',
      });
      const gid = group['id'] as string;
      const dup = await data(
        DOMAIN_ADMIN,
        'mutation { create_group(name: "gql-project", props: { domain_name: "default" }) { ok msg } }',
      );
      expect(dup['create_group']).to.deep.include({ ok: false });

      expect((await data(DOMAIN_ADMIN, `{ group(id: "${gid}") { name } }`))['group']).to.deep.equal({
        name: 'gql-project',
      });
      expect(
        (await data(DOMAIN_ADMIN, `{ group(id: "${gid}", domain_name: "lab") { name } }`))['group'],
      ).to.equal(null);
      const groups = await data(DOMAIN_ADMIN, '{ groups { name domain_name } }');
      expect((groups['groups'] as Row[]).every((g) => g['domain_name'] === 'default')).to.equal(true);
      expect((groups['groups'] as Row[]).map((g) => g['name'])).to.include('gql-project');

      const aliceId = (await deployment.db.identity.users.getByEmail('alice@lablup.com'))!.uuid;
      const added = await data(
        DOMAIN_ADMIN,
        `mutation { modify_group(gid: "${gid}", props: { description: "members", user_update_mode: "add", user_uuids: ["${aliceId}"] }) { ok msg group { description } } }`,
      );
      expect(added['modify_group']).to.deep.equal({
        ok: true,
        msg: 'success',
        group: { description: 'members' },
      });
      expect(await deployment.db.identity.projects.members(gid)).to.deep.equal([aliceId]);
      // A member sees the project; Bob, not a member, does not.
      expect((await data(ALICE, '{ groups { name } }'))['groups']).to.deep.equal([{ name: 'gql-project' }]);
      expect((await data(ALICE, `{ group(id: "${gid}") { name } }`))['group']).to.deep.equal({
        name: 'gql-project',
      });
      expect((await data(BOB, '{ groups { name } }'))['groups']).to.deep.equal([]);
      expect(
        (await data(ALICE, '{ groups_by_name(name: "gql-project") { id } }'))['groups_by_name'],
      ).to.deep.equal([{ id: gid }]);
      expect(
        (await data(BOB, '{ groups_by_name(name: "gql-project") { id } }'))['groups_by_name'],
      ).to.deep.equal([]);
      await gqlRefused(deployment, BOB, `{ group(id: "${gid}") { name } }`);
      // Alice's user shows it.
      const alice = await data(ALICE, '{ user { groups { id name } } }');
      expect(alice['user']).to.deep.equal({ groups: [{ id: gid, name: 'gql-project' }] });

      const labUserId = (await deployment.db.identity.users.getByEmail('lab-user@lablup.com'))!.uuid;
      const foreign = await data(
        DOMAIN_ADMIN,
        `mutation { modify_group(gid: "${gid}", props: { user_update_mode: "add", user_uuids: ["${labUserId}"] }) { ok msg } }`,
      );
      expect(foreign['modify_group']).to.deep.include({ ok: false });
      expect(await deployment.db.identity.projects.members(gid)).to.deep.equal([aliceId]);
      const badMode = await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        `mutation { modify_group(gid: "${gid}", props: { user_update_mode: "replace", user_uuids: ["${aliceId}"] }) { ok } }`,
        {},
        'invalid-api-params',
      );
      expect(badMode).to.contain('user_update_mode');
      const removed = await data(
        DOMAIN_ADMIN,
        `mutation { modify_group(gid: "${gid}", props: { user_update_mode: "remove", user_uuids: ["${aliceId}"] }) { ok } }`,
      );
      expect(removed['modify_group']).to.deep.equal({ ok: true });
      expect(await deployment.db.identity.projects.members(gid)).to.deep.equal([]);

      const deleted = await data(DOMAIN_ADMIN, `mutation { delete_group(gid: "${gid}") { ok msg } }`);
      expect(deleted['delete_group']).to.deep.equal({ ok: true, msg: 'success' });
      expect((await deployment.db.identity.projects.get(gid))!.isActive).to.equal(false);
      const purged = await data(DOMAIN_ADMIN, `mutation { purge_group(gid: "${gid}") { ok msg } }`);
      expect(purged['purge_group']).to.deep.equal({ ok: true, msg: 'success' });
      expect(await deployment.db.identity.projects.get(gid)).to.equal(null);
      const gone = await data(DOMAIN_ADMIN, `mutation { purge_group(gid: "${gid}") { ok msg } }`);
      expect(gone['purge_group']).to.deep.include({ ok: false });
    });

    it('keeps listings to the caller’s domain; another domain is refused', async () => {
      await gqlRefused(deployment, DOMAIN_ADMIN, '{ groups(domain_name: "lab") { name } }');
      const superadmin = await data(SUPERADMIN, '{ groups(domain_name: "lab") { id } }');
      expect(superadmin['groups']).to.deep.equal([{ id: LAB_PROJECT_ID }]);
      const monitor = await data(MONITOR, '{ groups { id } }');
      expect((monitor['groups'] as Row[]).map((g) => g['id'])).to.include.members([
        DEFAULT_GROUP,
        LAB_PROJECT_ID,
      ]);
      await gqlRefused(deployment, LAB_ADMIN, `{ group(id: "${DEFAULT_GROUP}") { name } }`);
    });

    it('finds projects by name: every domain for a superadmin or monitor, the own domain for the others', async () => {
      // Both domains have a project named "default".
      const ids = (answer: Row) => (answer['groups_by_name'] as Row[]).map((g) => g['id']);
      const everywhere = await data(SUPERADMIN, '{ groups_by_name(name: "default") { id domain_name } }');
      expect(ids(everywhere)).to.have.members([DEFAULT_GROUP, LAB_PROJECT_ID]);
      const inLab = await data(SUPERADMIN, '{ groups_by_name(name: "default", domain_name: "lab") { id } }');
      expect(ids(inLab)).to.deep.equal([LAB_PROJECT_ID]);
      expect(ids(await data(MONITOR, '{ groups_by_name(name: "default") { id } }'))).to.have.members([
        DEFAULT_GROUP,
        LAB_PROJECT_ID,
      ]);
      expect(ids(await data(DOMAIN_ADMIN, '{ groups_by_name(name: "default") { id } }'))).to.deep.equal([
        DEFAULT_GROUP,
      ]);
      expect(ids(await data(LAB_ADMIN, '{ groups_by_name(name: "default") { id } }'))).to.deep.equal([
        LAB_PROJECT_ID,
      ]);
      expect(ids(await data(SUPERADMIN, '{ groups_by_name(name: "no-such-project") { id } }'))).to.deep.equal(
        [],
      );
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        '{ groups_by_name(name: "default", domain_name: "lab") { id } }',
      );
      await gqlRefused(
        deployment,
        LAB_USER,
        '{ groups_by_name(name: "default", domain_name: "default") { id } }',
      );
    });
  });

  describe('users', () => {
    it('creates a user with its main keypair, whose secret is answered once', async () => {
      const created = await data(
        DOMAIN_ADMIN,
        `mutation { create_user(email: "gql-user@lablup.com", props: { username: "gql-user", password: "first-password", need_password_change: true, domain_name: "default", full_name: "Gql User", group_ids: ["${DEFAULT_GROUP}"] }) {
          ok msg user { email username password need_password_change full_name role status is_active domain_name main_access_key groups { id } }
          keypair { access_key secret_key is_active is_admin resource_policy rate_limit user_id is_main } } }`,
      );
      const result = created['create_user'] as Row;
      expect(result['ok'], result['msg'] as string).to.equal(true);
      const user = result['user'] as Row;
      const keypair = result['keypair'] as Row;
      expect(user).to.deep.include({
        email: 'gql-user@lablup.com',
        username: 'gql-user',
        password: null,
        need_password_change: true,
        full_name: 'Gql User',
        role: 'user',
        status: 'active',
        is_active: true,
        domain_name: 'default',
        groups: [{ id: DEFAULT_GROUP }],
      });
      expect(keypair['access_key']).to.match(/^AKIA[A-Z0-9]{16}$/);
      expect(keypair['secret_key']).to.match(/^[A-Za-z0-9]{40}$/);
      expect(keypair).to.deep.include({
        is_active: true,
        is_admin: false,
        resource_policy: 'default',
        rate_limit: 10000,
        user_id: 'gql-user@lablup.com',
        is_main: true,
      });
      expect(user['main_access_key']).to.equal(keypair['access_key']);
      // The password is stored as a bcrypt hash.
      const credentials = await deployment.db.identity.users.credentials('gql-user@lablup.com');
      expect(credentials!.passwordHash).to.match(/^\$2[aby]\$/);

      // Afterwards a domain admin reads the keypair without its secret.
      const read = await data(
        DOMAIN_ADMIN,
        `{ keypair(access_key: "${keypair['access_key'] as string}") { access_key secret_key } }`,
      );
      expect(read['keypair']).to.deep.equal({ access_key: keypair['access_key'], secret_key: null });

      const dup = await data(
        DOMAIN_ADMIN,
        'mutation { create_user(email: "gql-user@lablup.com", props: { username: "gql-user-2", password: "p", need_password_change: false, domain_name: "default" }) { ok msg user { email } keypair { access_key } } }',
      );
      expect(dup['create_user']).to.deep.include({ ok: false, user: null, keypair: null });
    });

    it('refuses bad input naming the field, creating nothing', async () => {
      for (const [props, field] of [
        [
          'username: "x", password: "p", need_password_change: false, domain_name: "default", role: "root"',
          'props.role',
        ],
        [
          'username: "x", password: "p", need_password_change: false, domain_name: "default", status: "gone"',
          'props.status',
        ],
        [
          'username: "x", password: "", need_password_change: false, domain_name: "default"',
          'props.password',
        ],
        [
          'username: "x", password: "p", need_password_change: false, domain_name: "default", group_ids: ["nope"]',
          'props.group_ids[0]',
        ],
      ] as const) {
        const message = await gqlRefused(
          deployment,
          SUPERADMIN,
          `mutation { create_user(email: "bad-input@lablup.com", props: { ${props} }) { ok } }`,
          {},
          'invalid-api-params',
        );
        expect(message).to.contain(field);
      }
      const email = await gqlRefused(
        deployment,
        SUPERADMIN,
        'mutation { create_user(email: "not-an-email", props: { username: "x", password: "p", need_password_change: false, domain_name: "default" }) { ok } }',
        {},
        'invalid-api-params',
      );
      expect(email).to.contain('email');
      expect(await deployment.db.identity.users.getByEmail('bad-input@lablup.com')).to.equal(null);
    });

    it('reads users: one by e-mail or uuid, listings and pages with filters and order', async () => {
      const alice = await deployment.db.identity.users.getByEmail('alice@lablup.com');
      expect(
        (await data(DOMAIN_ADMIN, '{ user(email: "alice@lablup.com") { uuid email password } }'))['user'],
      ).to.deep.equal({
        uuid: alice!.uuid,
        email: 'alice@lablup.com',
        password: null,
      });
      expect(
        (await data(DOMAIN_ADMIN, `{ user_from_uuid(user_id: "${alice!.uuid}") { email } }`))[
          'user_from_uuid'
        ],
      ).to.deep.equal({
        email: 'alice@lablup.com',
      });
      expect((await data(ALICE, '{ user { email } }'))['user']).to.deep.equal({ email: 'alice@lablup.com' });
      expect((await data(DOMAIN_ADMIN, '{ user(email: "nobody@lablup.com") { email } }'))['user']).to.equal(
        null,
      );

      const users = await data(DOMAIN_ADMIN, '{ users { email domain_name } }');
      const emails = (users['users'] as Row[]).map((u) => u['email']);
      expect(emails).to.include.members(['alice@lablup.com', 'bob@lablup.com', 'domain-admin@lablup.com']);
      expect(emails).to.not.include('lab-user@lablup.com');

      const page = await data(
        SUPERADMIN,
        '{ user_list(limit: 2, offset: 0, order_key: "email", order_asc: true, domain_name: "lab") { total_count items { email } } }',
      );
      expect(page['user_list']).to.deep.equal({
        total_count: 2,
        items: [{ email: 'lab-admin@lablup.com' }, { email: 'lab-user@lablup.com' }],
      });
      const second = await data(
        SUPERADMIN,
        '{ user_list(limit: 1, offset: 1, order_key: "email", order_asc: false, domain_name: "lab") { total_count items { email } } }',
      );
      expect(second['user_list']).to.deep.equal({
        total_count: 2,
        items: [{ email: 'lab-admin@lablup.com' }],
      });
      // Upstream's order expressions: "-email" descending, "+email" and a bare name ascending.
      for (const [order, emails] of [
        ['-email', ['lab-user@lablup.com', 'lab-admin@lablup.com']],
        ['+email', ['lab-admin@lablup.com', 'lab-user@lablup.com']],
        [' email ', ['lab-admin@lablup.com', 'lab-user@lablup.com']],
      ] as const) {
        const ordered = await data(
          SUPERADMIN,
          'query($order: String) { user_list(limit: 10, offset: 0, order: $order, domain_name: "lab") { items { email } } }',
          { order },
        );
        expect(
          (ordered['user_list'] as { items: Row[] }).items.map((u) => u['email']),
          order,
        ).to.deep.equal(emails);
      }
      const inactive = await data(
        SUPERADMIN,
        '{ user_list(limit: 100, offset: 0, status: "before-verification") { items { email } } }',
      );
      expect(inactive['user_list']).to.deep.equal({ items: [{ email: 'unverified@lablup.com' }] });
      const own = await data(ALICE, '{ user_list(limit: 10, offset: 0) { total_count items { email } } }');
      expect(own['user_list']).to.deep.equal({ total_count: 1, items: [{ email: 'alice@lablup.com' }] });
      const monitor = await data(
        MONITOR,
        '{ user_list(limit: 100, offset: 0, domain_name: "lab") { total_count } }',
      );
      expect(monitor['user_list']).to.deep.equal({ total_count: 2 });

      for (const [query, field] of [
        ['{ user_list(limit: 0, offset: 0) { total_count } }', 'limit'],
        ['{ user_list(limit: 10, offset: -1) { total_count } }', 'offset'],
        ['{ user_list(limit: 10, offset: 0, order_key: "password") { total_count } }', 'order_key'],
        ['{ user_list(limit: 10, offset: 0, order: "-password") { total_count } }', 'order'],
        ['{ user_list(limit: 10, offset: 0, order: "+email,-created_at") { total_count } }', 'order'],
        ['{ user_list(limit: 10, offset: 0, order: "--email") { total_count } }', 'order'],
        ['{ user_list(limit: 10, offset: 0, order: "email", order_asc: false) { total_count } }', 'order'],
        ['{ user_list(limit: 10, offset: 0, filter: "email == \\"a@b\\"") { total_count } }', 'filter'],
        ['{ user_list(limit: 10, offset: 0, status: "asleep") { total_count } }', 'status'],
      ] as const)
        expect(await gqlRefused(deployment, SUPERADMIN, query, {}, 'invalid-api-params')).to.contain(field);
      const unknown = await gqlRefused(
        deployment,
        SUPERADMIN,
        '{ user_list(limit: 10, offset: 0, order: "-password") { total_count } }',
        {},
        'invalid-api-params',
      );
      expect(unknown).to.contain('email, username, created_at, modified_at, role, status');
      const filter = await gqlRefused(
        deployment,
        SUPERADMIN,
        '{ user_list(limit: 10, offset: 0, filter: "email ilike \\"%@lablup.com\\"") { total_count } }',
        {},
        'invalid-api-params',
      );
      expect(filter).to.contain('not supported').and.to.contain('search');
    });

    it('modifies, deletes and purges a user', async () => {
      await data(
        SUPERADMIN,
        'mutation { create_user(email: "gql-victim@lablup.com", props: { username: "gql-victim", password: "first", need_password_change: false, domain_name: "default" }) { ok } }',
      );
      const modified = await data(
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "gql-victim@lablup.com", props: { full_name: "Victim", role: "monitor", password: "second", is_active: false }) { ok msg user { full_name role status is_active } } }',
      );
      expect(modified['modify_user']).to.deep.equal({
        ok: true,
        msg: 'success',
        user: { full_name: 'Victim', role: 'monitor', status: 'inactive', is_active: false },
      });
      const missing = await data(
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "nobody@lablup.com", props: { full_name: "x" }) { ok msg } }',
      );
      expect(missing['modify_user']).to.deep.include({ ok: false });

      const deleted = await data(
        DOMAIN_ADMIN,
        'mutation { delete_user(email: "gql-victim@lablup.com") { ok msg } }',
      );
      expect(deleted['delete_user']).to.deep.equal({ ok: true, msg: 'success' });
      const user = await deployment.db.identity.users.getByEmail('gql-victim@lablup.com');
      expect(user!.status).to.equal('deleted');
      expect((await deployment.db.identity.keypairs.get(user!.mainAccessKey!))!.isActive).to.equal(false);

      const purged = await data(
        DOMAIN_ADMIN,
        'mutation { purge_user(email: "gql-victim@lablup.com", props: {}) { ok msg } }',
      );
      expect(purged['purge_user']).to.deep.equal({ ok: true, msg: 'success' });
      expect(await deployment.db.identity.users.getByEmail('gql-victim@lablup.com')).to.equal(null);
      expect(await deployment.db.identity.keypairs.get(user!.mainAccessKey!)).to.equal(null);
    });

    it('refuses a domain admin raising anybody to superadmin or touching a superadmin, changing nothing', async () => {
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "bob@lablup.com", props: { role: "superadmin" }) { ok } }',
      );
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "domain-admin@lablup.com", props: { role: "superadmin" }) { ok } }',
      );
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "admin@lablup.com", props: { full_name: "x" }) { ok } }',
      );
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        'mutation { modify_user(email: "bob@lablup.com", props: { domain_name: "lab" }) { ok } }',
      );
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        'mutation { create_user(email: "sneaky@lablup.com", props: { username: "sneaky", password: "p", need_password_change: false, domain_name: "default", role: "superadmin" }) { ok } }',
      );
      // A user raising its own role.
      await gqlRefused(
        deployment,
        ALICE,
        'mutation { modify_user(email: "alice@lablup.com", props: { role: "admin" }) { ok } }',
      );
      expect((await deployment.db.identity.users.getByEmail('bob@lablup.com'))!.role).to.equal('user');
      expect((await deployment.db.identity.users.getByEmail('bob@lablup.com'))!.domainName).to.equal(
        'default',
      );
      expect((await deployment.db.identity.users.getByEmail('alice@lablup.com'))!.role).to.equal('user');
      expect((await deployment.db.identity.users.getByEmail('domain-admin@lablup.com'))!.role).to.equal(
        'admin',
      );
      expect((await deployment.db.identity.users.getByEmail('admin@lablup.com'))!.fullName).to.equal('Admin');
      expect(await deployment.db.identity.users.getByEmail('sneaky@lablup.com')).to.equal(null);
    });
  });

  describe('keypairs', () => {
    it('creates, reads, lists, modifies and deletes a keypair; the main keypair stays', async () => {
      const created = await data(
        DOMAIN_ADMIN,
        'mutation { create_keypair(user_id: "bob@lablup.com", props: { resource_policy: "default", rate_limit: 500, is_active: true }) { ok msg keypair { access_key secret_key user_id rate_limit is_main } } }',
      );
      const result = created['create_keypair'] as Row;
      expect(result['ok'], result['msg'] as string).to.equal(true);
      const keypair = result['keypair'] as Row;
      const accessKey = keypair['access_key'] as string;
      expect(keypair).to.deep.include({ user_id: 'bob@lablup.com', rate_limit: 500, is_main: false });
      expect(keypair['secret_key']).to.match(/^[A-Za-z0-9]{40}$/);

      // Its owner sees the secret; the domain admin and a monitor do not; the superadmin does.
      const BOB_SECRET = `{ keypair(access_key: "${accessKey}") { secret_key } }`;
      expect((await data(BOB, BOB_SECRET))['keypair']).to.deep.equal({ secret_key: keypair['secret_key'] });
      expect((await data(DOMAIN_ADMIN, BOB_SECRET))['keypair']).to.deep.equal({ secret_key: null });
      expect((await data(MONITOR, BOB_SECRET))['keypair']).to.deep.equal({ secret_key: null });
      expect((await data(SUPERADMIN, BOB_SECRET))['keypair']).to.deep.equal({
        secret_key: keypair['secret_key'],
      });
      await gqlRefused(deployment, ALICE, BOB_SECRET);
      expect((await data(ALICE, '{ keypair { access_key } }'))['keypair']).to.deep.equal({
        access_key: ALICE.accessKey,
      });

      const bobs = await data(DOMAIN_ADMIN, '{ keypairs(email: "bob@lablup.com") { access_key } }');
      expect((bobs['keypairs'] as Row[]).map((k) => k['access_key']).sort()).to.deep.equal(
        [BOB.accessKey, accessKey].sort(),
      );
      const page = await data(
        DOMAIN_ADMIN,
        '{ keypair_list(limit: 1, offset: 0, email: "bob@lablup.com", order_key: "access_key", order_asc: true) { total_count items { access_key } } }',
      );
      expect(page['keypair_list']).to.deep.equal({
        total_count: 2,
        items: [{ access_key: [BOB.accessKey, accessKey].sort()[0] }],
      });
      const descending = await data(
        DOMAIN_ADMIN,
        '{ keypair_list(limit: 1, offset: 0, email: "bob@lablup.com", order: "-access_key") { items { access_key } } }',
      );
      expect(descending['keypair_list']).to.deep.equal({
        items: [{ access_key: [BOB.accessKey, accessKey].sort()[1] }],
      });
      for (const [query, field] of [
        ['{ keypair_list(limit: 1, offset: 0, order: "-secret_key") { total_count } }', 'order'],
        [
          '{ keypair_list(limit: 1, offset: 0, order: "-access_key", order_key: "access_key") { total_count } }',
          'order',
        ],
        ['{ keypair_list(limit: 1, offset: 0, filter: "is_active == true") { total_count } }', 'filter'],
      ] as const)
        expect(await gqlRefused(deployment, DOMAIN_ADMIN, query, {}, 'invalid-api-params')).to.contain(field);
      const own = await data(BOB, '{ keypair_list(limit: 10, offset: 0) { total_count } }');
      expect(own['keypair_list']).to.deep.equal({ total_count: 2 });
      await gqlRefused(deployment, BOB, '{ keypairs(email: "alice@lablup.com") { access_key } }');
      await gqlRefused(
        deployment,
        DOMAIN_ADMIN,
        '{ keypair_list(limit: 10, offset: 0, domain_name: "lab") { total_count } }',
      );

      const modified = await data(
        DOMAIN_ADMIN,
        `mutation { modify_keypair(access_key: "${accessKey}", props: { is_active: false, rate_limit: 50 }) { ok msg } }`,
      );
      expect(modified['modify_keypair']).to.deep.equal({ ok: true, msg: 'success' });
      expect(await deployment.db.identity.keypairs.get(accessKey)).to.deep.include({
        isActive: false,
        rateLimit: 50,
      });
      const badPolicy = await data(
        DOMAIN_ADMIN,
        `mutation { modify_keypair(access_key: "${accessKey}", props: { resource_policy: "no-such-policy" }) { ok msg } }`,
      );
      expect(badPolicy['modify_keypair']).to.deep.include({ ok: false });

      const deleted = await data(
        DOMAIN_ADMIN,
        `mutation { delete_keypair(access_key: "${accessKey}") { ok msg } }`,
      );
      expect(deleted['delete_keypair']).to.deep.equal({ ok: true, msg: 'success' });
      expect(await deployment.db.identity.keypairs.get(accessKey)).to.equal(null);
      const missing = await data(
        DOMAIN_ADMIN,
        `mutation { delete_keypair(access_key: "${accessKey}") { ok msg } }`,
      );
      expect(missing['delete_keypair']).to.deep.include({ ok: false });

      const user = await data(
        SUPERADMIN,
        'mutation { create_user(email: "kp-main@lablup.com", props: { username: "kp-main", password: "p", need_password_change: false, domain_name: "default" }) { keypair { access_key } } }',
      );
      const mainKey = ((user['create_user'] as Row)['keypair'] as Row)['access_key'] as string;
      const main = await data(SUPERADMIN, `mutation { delete_keypair(access_key: "${mainKey}") { ok msg } }`);
      expect(main['delete_keypair']).to.deep.include({ ok: false });
      expect(await deployment.db.identity.keypairs.get(mainKey)).to.not.equal(null);
    });
  });

  describe('resource policies', () => {
    it("answers what upstream 22.09's Python CLI asks of keypairs and users: user_info, the SSH private key to its owner only, nulls for what is not kept", async () => {
      await deployment.db.identity.keypairs.setSshKeypair(
        BOB.accessKey,
        'ssh-rsa AAAAB3Nza',
        '-----BEGIN RSA PRIVATE KEY-----\nx\n',
      );
      const QUERY = `{ keypair(access_key: "${BOB.accessKey}") { user_info { email full_name } ssh_private_key modified_at dotfiles bootstrap_script } }`;
      expect((await data(BOB, QUERY))['keypair']).to.deep.equal({
        user_info: { email: 'bob@lablup.com', full_name: null },
        ssh_private_key: '-----BEGIN RSA PRIVATE KEY-----\nx\n',
        modified_at: null,
        dotfiles: null,
        bootstrap_script: null,
      });
      expect(((await data(SUPERADMIN, QUERY))['keypair'] as Row)['ssh_private_key']).to.be.a('string');
      for (const other of [DOMAIN_ADMIN, MONITOR])
        expect(((await data(other, QUERY))['keypair'] as Row)['ssh_private_key']).to.equal(null);
      const list = await data(
        SUPERADMIN,
        '{ keypair_list(limit: 100, offset: 0) { items { user_id user_info { email } } } }',
      );
      for (const item of (list['keypair_list'] as { items: Row[] }).items)
        expect((item['user_info'] as Row)['email']).to.equal(item['user_id']);
      expect((await data(BOB, '{ user { email allowed_client_ip } }'))['user']).to.deep.equal({
        email: 'bob@lablup.com',
        allowed_client_ip: null,
      });
    });

    it('creates, reads, modifies and deletes keypair, user and project resource policies', async () => {
      const kp = await data(
        SUPERADMIN,
        'mutation { create_keypair_resource_policy(name: "gql-kp", props: { default_for_unspecified: "LIMITED", total_resource_slots: "{\\"cpu\\": \\"4\\"}", max_concurrent_sessions: 2, max_containers_per_session: 1, idle_timeout: 600, max_vfolder_count: 3, max_vfolder_size: 1073741824 }) { ok msg resource_policy { name default_for_unspecified total_resource_slots max_concurrent_sessions idle_timeout max_vfolder_size } } }',
      );
      expect(kp['create_keypair_resource_policy']).to.deep.equal({
        ok: true,
        msg: 'success',
        resource_policy: {
          name: 'gql-kp',
          default_for_unspecified: 'LIMITED',
          total_resource_slots: JSON.stringify({ cpu: '4' }),
          max_concurrent_sessions: 2,
          idle_timeout: 600,
          max_vfolder_size: 1073741824,
        },
      });
      const modifiedKp = await data(
        SUPERADMIN,
        'mutation { modify_keypair_resource_policy(name: "gql-kp", props: { max_concurrent_sessions: 5, max_vfolder_mounts: 4 }) { ok resource_policy { max_concurrent_sessions max_vfolder_mounts max_vfolder_count } } }',
      );
      expect(modifiedKp['modify_keypair_resource_policy']).to.deep.equal({
        ok: true,
        resource_policy: { max_concurrent_sessions: 5, max_vfolder_mounts: 4, max_vfolder_count: 3 },
      });
      const negativeMounts = await gqlRefused(
        deployment,
        SUPERADMIN,
        'mutation { modify_keypair_resource_policy(name: "gql-kp", props: { max_vfolder_mounts: -1 }) { ok } }',
        {},
        'invalid-api-params',
      );
      expect(negativeMounts).to.include('props.max_vfolder_mounts');
      expect(
        (await data(SUPERADMIN, '{ keypair_resource_policy(name: "gql-kp") { max_vfolder_mounts } }'))[
          'keypair_resource_policy'
        ],
      ).to.deep.equal({ max_vfolder_mounts: 4 });
      expect(
        (await data(DOMAIN_ADMIN, '{ keypair_resource_policy(name: "gql-kp") { name } }'))[
          'keypair_resource_policy'
        ],
      ).to.deep.equal({ name: 'gql-kp' });
      expect(
        (await data(ALICE, '{ keypair_resource_policy { name } }'))['keypair_resource_policy'],
      ).to.deep.equal({ name: 'default' });
      expect(
        (await data(ALICE, '{ keypair_resource_policies { name } }'))['keypair_resource_policies'],
      ).to.deep.equal([{ name: 'default' }]);
      await gqlRefused(deployment, ALICE, '{ keypair_resource_policy(name: "gql-kp") { name } }');
      const all = await data(MONITOR, '{ keypair_resource_policies { name } }');
      expect((all['keypair_resource_policies'] as Row[]).map((p) => p['name'])).to.include.members([
        'default',
        'gql-kp',
      ]);
      const inUse = await data(
        SUPERADMIN,
        'mutation { delete_keypair_resource_policy(name: "default") { ok msg } }',
      );
      expect(inUse['delete_keypair_resource_policy']).to.deep.include({ ok: false });
      const dropped = await data(
        SUPERADMIN,
        'mutation { delete_keypair_resource_policy(name: "gql-kp") { ok msg } }',
      );
      expect(dropped['delete_keypair_resource_policy']).to.deep.equal({ ok: true, msg: 'success' });
      const badSlots = await gqlRefused(
        deployment,
        SUPERADMIN,
        'mutation { create_keypair_resource_policy(name: "bad-slots", props: { total_resource_slots: "[1]" }) { ok } }',
        {},
        'invalid-api-params',
      );
      expect(badSlots).to.contain('props.total_resource_slots');

      const user = await data(
        SUPERADMIN,
        'mutation { create_user_resource_policy(name: "gql-user-policy", props: { max_vfolder_count: 7, max_quota_scope_size: 100 }) { ok resource_policy { name max_vfolder_count max_quota_scope_size } } }',
      );
      expect(user['create_user_resource_policy']).to.deep.equal({
        ok: true,
        resource_policy: { name: 'gql-user-policy', max_vfolder_count: 7, max_quota_scope_size: 100 },
      });
      const userModified = await data(
        SUPERADMIN,
        'mutation { modify_user_resource_policy(name: "gql-user-policy", props: { max_customized_image_count: 2 }) { ok resource_policy { max_customized_image_count } } }',
      );
      expect(userModified['modify_user_resource_policy']).to.deep.equal({
        ok: true,
        resource_policy: { max_customized_image_count: 2 },
      });
      expect(
        (await data(DOMAIN_ADMIN, '{ user_resource_policy(name: "gql-user-policy") { name } }'))[
          'user_resource_policy'
        ],
      ).to.deep.equal({ name: 'gql-user-policy' });
      expect(
        ((await data(MONITOR, '{ user_resource_policies { name } }'))['user_resource_policies'] as Row[]).map(
          (p) => p['name'],
        ),
      ).to.include('gql-user-policy');
      await gqlRefused(deployment, ALICE, '{ user_resource_policies { name } }');
      expect(
        (await data(SUPERADMIN, 'mutation { delete_user_resource_policy(name: "gql-user-policy") { ok } }'))[
          'delete_user_resource_policy'
        ],
      ).to.deep.equal({ ok: true });
      expect(
        (await data(SUPERADMIN, 'mutation { delete_user_resource_policy(name: "gql-user-policy") { ok } }'))[
          'delete_user_resource_policy'
        ],
      ).to.deep.equal({ ok: false });

      const project = await data(
        SUPERADMIN,
        'mutation { create_project_resource_policy(name: "gql-project-policy", props: { max_network_count: 3 }) { ok resource_policy { name max_network_count } } }',
      );
      expect(project['create_project_resource_policy']).to.deep.equal({
        ok: true,
        resource_policy: { name: 'gql-project-policy', max_network_count: 3 },
      });
      const dupProject = await data(
        SUPERADMIN,
        'mutation { create_project_resource_policy(name: "gql-project-policy", props: {}) { ok msg } }',
      );
      expect(dupProject['create_project_resource_policy']).to.deep.include({ ok: false });
      const projectModified = await data(
        SUPERADMIN,
        'mutation { modify_project_resource_policy(name: "gql-project-policy", props: { max_vfolder_count: 9 }) { ok resource_policy { max_vfolder_count } } }',
      );
      expect(projectModified['modify_project_resource_policy']).to.deep.equal({
        ok: true,
        resource_policy: { max_vfolder_count: 9 },
      });
      expect(
        (await data(DOMAIN_ADMIN, '{ project_resource_policy(name: "gql-project-policy") { name } }'))[
          'project_resource_policy'
        ],
      ).to.deep.equal({ name: 'gql-project-policy' });
      expect(
        (
          (await data(DOMAIN_ADMIN, '{ project_resource_policies { name } }'))[
            'project_resource_policies'
          ] as Row[]
        ).map((p) => p['name']),
      ).to.include('gql-project-policy');
      expect(
        (
          await data(
            SUPERADMIN,
            'mutation { delete_project_resource_policy(name: "gql-project-policy") { ok } }',
          )
        )['delete_project_resource_policy'],
      ).to.deep.equal({ ok: true });
    });
  });

  it('answers the legacy /admin/graphql endpoint with the data unwrapped, and a refusal as a problem', async () => {
    const answer = await signedCall(deployment.endpoint, LAB_USER, 'POST', '/admin/graphql', {
      query: '{ user { email domain_name } }',
    });
    expect(answer.body).to.deep.equal({ user: { email: 'lab-user@lablup.com', domain_name: 'lab' } });
    const refused = await signedCall(deployment.endpoint, LAB_USER, 'POST', '/admin/graphql', {
      query: '{ user(email: "alice@lablup.com") { email } }',
    });
    expectProblem(refused, 400, 'graphql-error');
    expect(refused.body).to.not.have.property('user');
  });
});
