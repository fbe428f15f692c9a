import { expect } from 'chai';
import { describeRoleMatrix, type RoleMatrixCase } from '../../support/role-matrix';
import { generateAccessKey, generateSecretKey } from '@tessera/manager-identity';
import {
  ALICE,
  BOB,
  bootIdentityManager,
  DEFAULT_GROUP,
  gql,
  ROLE_CALLERS,
  type ManagerDeployment,
} from './support/identity-harness';

/** Who may run a mutation: superadmins only, or superadmins and the admin of the target's domain. */
const SUPERADMIN_ONLY = new Set(['superadmin']);
const DOMAIN_ADMINS = new Set(['superadmin', 'domain admin']);

/** One mutation of the matrix: made ready for one caller on fresh rows named by `tag`. */
type MatrixCase = RoleMatrixCase & { allowed: ReadonlySet<string> };

describe('manager-identity: the role matrix (every mutation x superadmin / domain admin / user / monitor / another domain’s admin)', function () {
  this.timeout(120_000);
  let deployment: ManagerDeployment;
  let counter = 0;

  before(async () => {
    deployment = await bootIdentityManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  const db = () => deployment.db.identity;
  const newUser = async (tag: string) => {
    const email = `m-${tag}@lablup.com`;
    const { user, keypair } = await db().users.create({
      email,
      username: `m-${tag}`,
      passwordHash: null,
      domainName: 'default',
      mainKeypair: {
        accessKey: generateAccessKey(),
        secretKey: generateSecretKey(),
        resourcePolicy: 'default',
      },
    });
    return { email, user, keypair };
  };
  const newProject = (tag: string) => db().projects.create({ name: `m-${tag}`, domainName: 'default' });

  const CASES: MatrixCase[] = [
    // domains: superadmins only
    {
      mutation: 'create_domain',
      allowed: SUPERADMIN_ONLY,
      prepare: async (tag) => ({
        query: `mutation { create_domain(name: "m-${tag}", props: {}) { ok msg domain { name } } }`,
        snapshot: () => db().domains.get(`m-${tag}`),
      }),
    },
    {
      mutation: 'modify_domain',
      allowed: SUPERADMIN_ONLY,
      prepare: async (tag) => {
        await db().domains.create({ name: `m-${tag}` });
        return {
          query: `mutation { modify_domain(name: "m-${tag}", props: { description: "changed" }) { ok msg } }`,
          snapshot: () => db().domains.get(`m-${tag}`),
        };
      },
    },
    {
      mutation: 'modify_domain (the caller’s own domain)',
      allowed: SUPERADMIN_ONLY,
      prepare: async () => ({
        query: `mutation { modify_domain(name: "default", props: { description: "changed ${++counter}" }) { ok msg } }`,
        snapshot: () => db().domains.get('default'),
      }),
    },
    {
      mutation: 'delete_domain',
      allowed: SUPERADMIN_ONLY,
      prepare: async (tag) => {
        await db().domains.create({ name: `m-${tag}` });
        return {
          query: `mutation { delete_domain(name: "m-${tag}") { ok msg } }`,
          snapshot: () => db().domains.get(`m-${tag}`),
        };
      },
    },
    {
      mutation: 'purge_domain',
      allowed: SUPERADMIN_ONLY,
      prepare: async (tag) => {
        await db().domains.create({ name: `m-${tag}` });
        return {
          query: `mutation { purge_domain(name: "m-${tag}") { ok msg } }`,
          snapshot: () => db().domains.get(`m-${tag}`),
        };
      },
    },
    // projects of `default`
    {
      mutation: 'create_group',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => ({
        query: `mutation { create_group(name: "m-${tag}", props: { domain_name: "default" }) { ok msg group { id } } }`,
        snapshot: () => db().projects.getByName('default', `m-${tag}`),
      }),
    },
    {
      mutation: 'modify_group',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const project = await newProject(tag);
        return {
          query: `mutation { modify_group(gid: "${project.id}", props: { description: "changed" }) { ok msg } }`,
          snapshot: () => db().projects.get(project.id),
        };
      },
    },
    {
      mutation: 'modify_group (add a member)',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const project = await newProject(tag);
        const bob = await db().users.getByEmail('bob@lablup.com');
        return {
          query: `mutation { modify_group(gid: "${project.id}", props: { user_update_mode: "add", user_uuids: ["${bob!.uuid}"] }) { ok msg } }`,
          snapshot: () => db().projects.members(project.id),
        };
      },
    },
    {
      mutation: 'delete_group',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const project = await newProject(tag);
        return {
          query: `mutation { delete_group(gid: "${project.id}") { ok msg } }`,
          snapshot: () => db().projects.get(project.id),
        };
      },
    },
    {
      mutation: 'purge_group',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const project = await newProject(tag);
        return {
          query: `mutation { purge_group(gid: "${project.id}") { ok msg } }`,
          snapshot: () => db().projects.get(project.id),
        };
      },
    },
    // users of `default`
    {
      mutation: 'create_user',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => ({
        query: `mutation { create_user(email: "m-${tag}@lablup.com", props: { username: "m-${tag}", password: "pw", need_password_change: false, domain_name: "default", group_ids: ["${DEFAULT_GROUP}"] }) { ok msg user { email } keypair { secret_key } } }`,
        snapshot: () => db().users.getByEmail(`m-${tag}@lablup.com`),
      }),
    },
    {
      mutation: 'modify_user',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { email } = await newUser(tag);
        return {
          query: `mutation { modify_user(email: "${email}", props: { full_name: "changed", password: "new-password" }) { ok msg user { email } } }`,
          snapshot: async () => ({
            user: await db().users.getByEmail(email),
            hash: (await db().users.credentials(email))?.passwordHash,
          }),
        };
      },
    },
    {
      mutation: 'modify_user (the user caller’s own account)',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => ({
        query: `mutation { modify_user(email: "alice@lablup.com", props: { full_name: "Alice ${tag}" }) { ok msg } }`,
        snapshot: () => db().users.getByEmail('alice@lablup.com'),
      }),
    },
    {
      mutation: 'delete_user',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { email, keypair } = await newUser(tag);
        return {
          query: `mutation { delete_user(email: "${email}") { ok msg } }`,
          snapshot: async () => ({
            user: await db().users.getByEmail(email),
            keypair: await db().keypairs.get(keypair.accessKey),
          }),
        };
      },
    },
    {
      mutation: 'purge_user',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { email } = await newUser(tag);
        return {
          query: `mutation { purge_user(email: "${email}", props: {}) { ok msg } }`,
          snapshot: () => db().users.getByEmail(email),
        };
      },
    },
    // keypairs of `default` users
    {
      mutation: 'create_keypair',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { email } = await newUser(tag);
        return {
          query: `mutation { create_keypair(user_id: "${email}", props: { resource_policy: "default", rate_limit: 100 }) { ok msg keypair { access_key secret_key } } }`,
          snapshot: async () => (await db().keypairs.list({ userEmail: email, limit: 100, offset: 0 })).items,
        };
      },
    },
    {
      mutation: 'create_keypair (for the caller itself)',
      allowed: DOMAIN_ADMINS,
      prepare: async () => ({
        query: `mutation { create_keypair(user_id: "alice@lablup.com", props: { resource_policy: "default", rate_limit: 100 }) { ok msg keypair { access_key } } }`,
        snapshot: async () =>
          (await db().keypairs.list({ userEmail: 'alice@lablup.com', limit: 100, offset: 0 })).items,
      }),
    },
    {
      mutation: 'modify_keypair',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { keypair } = await newUser(tag);
        return {
          query: `mutation { modify_keypair(access_key: "${keypair.accessKey}", props: { rate_limit: 7, is_admin: true }) { ok msg } }`,
          snapshot: () => db().keypairs.get(keypair.accessKey),
        };
      },
    },
    {
      mutation: 'modify_keypair (the user caller’s own keypair)',
      allowed: DOMAIN_ADMINS,
      prepare: async () => ({
        query: `mutation { modify_keypair(access_key: "${ALICE.accessKey}", props: { rate_limit: ${1000 + ++counter} }) { ok msg } }`,
        snapshot: () => db().keypairs.get(ALICE.accessKey),
      }),
    },
    {
      mutation: 'delete_keypair',
      allowed: DOMAIN_ADMINS,
      prepare: async (tag) => {
        const { email } = await newUser(tag);
        const extra = await db().keypairs.create(email, {
          accessKey: generateAccessKey(),
          secretKey: generateSecretKey(),
          resourcePolicy: 'default',
        });
        return {
          query: `mutation { delete_keypair(access_key: "${extra.accessKey}") { ok msg } }`,
          snapshot: () => db().keypairs.get(extra.accessKey),
        };
      },
    },
    // resource policies: superadmins only
    ...(['keypair', 'user', 'project'] as const).flatMap((kind): MatrixCase[] => {
      const store = () => db().policies[kind];
      const created = kind === 'keypair' ? '{ max_concurrent_sessions: 3 }' : '{ max_vfolder_count: 3 }';
      return [
        {
          mutation: `create_${kind}_resource_policy`,
          allowed: SUPERADMIN_ONLY,
          prepare: async (tag) => ({
            query: `mutation { create_${kind}_resource_policy(name: "m-${tag}", props: ${created}) { ok msg resource_policy { name } } }`,
            snapshot: () => store().get(`m-${tag}`),
          }),
        },
        {
          mutation: `modify_${kind}_resource_policy`,
          allowed: SUPERADMIN_ONLY,
          prepare: async (tag) => {
            await store().create({ name: `m-${tag}` });
            return {
              query: `mutation { modify_${kind}_resource_policy(name: "m-${tag}", props: ${created}) { ok msg } }`,
              snapshot: () => store().get(`m-${tag}`),
            };
          },
        },
        {
          mutation: `delete_${kind}_resource_policy`,
          allowed: SUPERADMIN_ONLY,
          prepare: async (tag) => {
            await store().create({ name: `m-${tag}` });
            return {
              query: `mutation { delete_${kind}_resource_policy(name: "m-${tag}") { ok msg } }`,
              snapshot: () => store().get(`m-${tag}`),
            };
          },
        },
      ];
    }),
  ];

  describeRoleMatrix(CASES, ROLE_CALLERS, (caller, query) => gql(deployment.endpoint, caller, query));
});

describe('manager-identity: the role matrix of reads', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootIdentityManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  /**
   * Queries about `default` and its Bob, and who may see the answer; the others are refused, but
   * for listings filtered by Bob's e-mail, which another domain's admin gets empty (its listings
   * are confined to its own domain, where no Bob is), as upstream answers them.
   */
  const READS: ReadonlyArray<readonly [string, string, ReadonlySet<string>, ReadonlySet<string>?]> = [
    [
      'domain',
      '{ domain(name: "default") { name } }',
      new Set(['superadmin', 'domain admin', 'user', 'monitor']),
    ],
    [
      'group',
      `{ group(id: "${DEFAULT_GROUP}") { name } }`,
      new Set(['superadmin', 'domain admin', 'monitor']),
    ],
    [
      'groups',
      '{ groups(domain_name: "default") { name } }',
      new Set(['superadmin', 'domain admin', 'user', 'monitor']),
    ],
    [
      'groups_by_name',
      '{ groups_by_name(name: "default", domain_name: "default") { name } }',
      new Set(['superadmin', 'domain admin', 'user', 'monitor']),
    ],
    [
      'user',
      '{ user(email: "bob@lablup.com") { email } }',
      new Set(['superadmin', 'domain admin', 'monitor']),
    ],
    [
      'user_from_uuid',
      '{ user_from_uuid(user_id: "d1f0c7a2-1111-4a4a-9b9b-000000000003") { email } }',
      new Set(['superadmin', 'domain admin', 'monitor']),
    ],
    [
      'users',
      '{ users(domain_name: "default") { email } }',
      new Set(['superadmin', 'domain admin', 'user', 'monitor']),
    ],
    [
      'user_list',
      '{ user_list(limit: 50, offset: 0, domain_name: "default") { items { email } } }',
      new Set(['superadmin', 'domain admin', 'user', 'monitor']),
    ],
    [
      'keypair',
      `{ keypair(access_key: "${BOB.accessKey}") { access_key } }`,
      new Set(['superadmin', 'domain admin', 'monitor']),
    ],
    [
      'keypairs',
      '{ keypairs(email: "bob@lablup.com") { access_key } }',
      new Set(['superadmin', 'domain admin', 'monitor']),
      new Set(["another domain's admin"]),
    ],
    [
      'keypair_list',
      '{ keypair_list(limit: 50, offset: 0, email: "bob@lablup.com") { items { access_key } } }',
      new Set(['superadmin', 'domain admin', 'monitor']),
      new Set(["another domain's admin"]),
    ],
    [
      'keypair_resource_policy',
      '{ keypair_resource_policy(name: "one-at-a-time") { name } }',
      new Set(['superadmin', 'domain admin', 'monitor', "another domain's admin"]),
    ],
    [
      'user_resource_policies',
      '{ user_resource_policies { name } }',
      new Set(['superadmin', 'domain admin', 'monitor', "another domain's admin"]),
    ],
    [
      'project_resource_policies',
      '{ project_resource_policies { name } }',
      new Set(['superadmin', 'domain admin', 'monitor', "another domain's admin"]),
    ],
  ];

  for (const [name, query, allowed, empty] of READS) {
    describe(name, () => {
      for (const [role, caller] of ROLE_CALLERS) {
        const verb = allowed.has(role) ? 'answers' : empty?.has(role) ? 'answers nothing to' : 'refuses';
        it(`${verb} the ${role}`, async () => {
          const answer = await gql(deployment.endpoint, caller, query);
          const text = JSON.stringify(answer.data);
          if (empty?.has(role)) {
            expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
            expect(text).to.not.contain('AKIA');
          } else if (allowed.has(role)) {
            expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
            // A user's listings hold only itself.
            if (role === 'user') expect(text).to.not.contain('bob@lablup.com');
            else expect(answer.data![name]).to.not.equal(null);
          } else {
            expect(answer.errors, text).to.be.an('array').with.lengthOf(1);
            expect((answer.errors![0] as { extensions: { code: string } }).extensions.code).to.equal(
              'forbidden',
            );
            expect(answer.data).to.deep.equal({ [name]: null });
          }
        });
      }
    });
  }

  it('never answers a secret key to anybody but the owner and superadmins', async () => {
    for (const [role, caller] of ROLE_CALLERS) {
      const answer = await gql(deployment.endpoint, caller, '{ keypairs { access_key secret_key } }');
      for (const keypair of (answer.data?.['keypairs'] ?? []) as Array<{
        access_key: string;
        secret_key: string | null;
      }>) {
        const own = keypair.access_key === caller.accessKey;
        if (role !== 'superadmin' && !own)
          expect(keypair.secret_key, `${role} sees ${keypair.access_key}`).to.equal(null);
      }
    }
    const alice = await gql(deployment.endpoint, ALICE, '{ keypair { secret_key } }');
    expect(alice.data).to.deep.equal({ keypair: { secret_key: ALICE.secretKey } });
  });
});
