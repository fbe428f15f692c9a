import { expect } from 'chai';
import { describeRoleMatrix, type RoleMatrixCase } from '../../support/role-matrix';
import { ALICE, bootGraphQLManager, DEFAULT_PROJECT_ID, gql, SUPERADMIN } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData, MONITOR, ROLE_CALLERS } from '../manager-identity/support/identity-harness';

/** One mutation of the matrix, made ready for one caller on a fresh group named `rg-<tag>` (superadmins only). */
type MatrixCase = RoleMatrixCase;

describe('manager resources: the role matrix of scaling group mutations (superadmin only)', function () {
  this.timeout(120_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-resources' }] });
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
  });
  after(async () => {
    await deployment?.stop();
  });

  const groups = () => deployment.db.resourceGroups;
  const fresh = (name: string) => groups().create({ name, driver: 'static', scheduler: 'fifo' });
  /** The group's row and every association it has. */
  const state = (name: string) => async () => ({
    group: await groups().describe(name),
    domains: (await groups().list({ domain: 'default' })).map((g) => g.name).includes(name),
    projects: (await groups().list({ project: DEFAULT_PROJECT_ID })).map((g) => g.name).includes(name),
    keypairs: (await groups().list({ accessKey: ALICE.accessKey })).map((g) => g.name).includes(name),
  });
  const associated = async (name: string) => {
    await fresh(name);
    await groups().associate(name, { domain: 'default' });
    await groups().associate(name, { project: DEFAULT_PROJECT_ID });
    await groups().associate(name, { accessKey: ALICE.accessKey });
  };

  const CASES: MatrixCase[] = [
    {
      mutation: 'create_scaling_group',
      prepare: async (name) => ({
        query: `mutation { create_scaling_group(name: "${name}", props: { driver: "static", scheduler: "fifo" }) { ok msg scaling_group { name } } }`,
        snapshot: state(name),
      }),
    },
    {
      mutation: 'modify_scaling_group',
      prepare: async (name) => {
        await fresh(name);
        return {
          query: `mutation { modify_scaling_group(name: "${name}", props: { is_active: false, scheduler_opts: "{\\"pending_timeout\\": 9}" }) { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'delete_scaling_group',
      prepare: async (name) => {
        await associated(name);
        return {
          query: `mutation { delete_scaling_group(name: "${name}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'associate_scaling_group_with_domain',
      prepare: async (name) => {
        await fresh(name);
        return {
          query: `mutation { associate_scaling_group_with_domain(scaling_group: "${name}", domain: "default") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'disassociate_scaling_group_with_domain',
      prepare: async (name) => {
        await associated(name);
        return {
          query: `mutation { disassociate_scaling_group_with_domain(scaling_group: "${name}", domain: "default") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'disassociate_all_scaling_groups_with_domain',
      prepare: async (name) => {
        await associated(name);
        return {
          // The caller's own domain: a domain admin may still not touch its groups.
          query: `mutation { disassociate_all_scaling_groups_with_domain(domain: "default") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'associate_scaling_group_with_user_group',
      prepare: async (name) => {
        await fresh(name);
        return {
          query: `mutation { associate_scaling_group_with_user_group(scaling_group: "${name}", user_group: "${DEFAULT_PROJECT_ID}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'disassociate_scaling_group_with_user_group',
      prepare: async (name) => {
        await associated(name);
        return {
          query: `mutation { disassociate_scaling_group_with_user_group(scaling_group: "${name}", user_group: "${DEFAULT_PROJECT_ID}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'disassociate_all_scaling_groups_with_group',
      prepare: async (name) => {
        await associated(name);
        return {
          query: `mutation { disassociate_all_scaling_groups_with_group(user_group: "${DEFAULT_PROJECT_ID}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'associate_scaling_group_with_keypair',
      prepare: async (name) => {
        await fresh(name);
        return {
          query: `mutation { associate_scaling_group_with_keypair(scaling_group: "${name}", access_key: "${ALICE.accessKey}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
    {
      mutation: 'disassociate_scaling_group_with_keypair',
      prepare: async (name) => {
        await associated(name);
        return {
          query: `mutation { disassociate_scaling_group_with_keypair(scaling_group: "${name}", access_key: "${ALICE.accessKey}") { ok msg } }`,
          snapshot: state(name),
        };
      },
    },
  ];

  describeRoleMatrix(
    CASES.map((matrixCase) => ({ ...matrixCase, prepare: (tag) => matrixCase.prepare(`rg-${tag}`) })),
    ROLE_CALLERS,
    (caller, query) => gql(deployment.endpoint, caller, query),
  );

  it('checks the permission before the input: a refused caller learns nothing of a bad argument', async () => {
    const query = `mutation { create_scaling_group(name: "rg-bad", props: { driver: "static", scheduler: "nosuch" }) { ok msg } }`;
    const refused = await gql(deployment.endpoint, ALICE, query);
    expect((refused.errors as Array<{ extensions: { code: string } }>)[0]!.extensions.code).to.equal(
      'forbidden',
    );
    const bad = await gql(deployment.endpoint, SUPERADMIN, query);
    expect((bad.errors as Array<{ extensions: { code: string } }>)[0]!.extensions.code).to.equal(
      'invalid-api-params',
    );
    expect(await gqlData(deployment, SUPERADMIN, `{ scaling_group(name: "rg-bad") { name } }`)).to.deep.equal(
      {
        scaling_group: null,
      },
    );
  });
});
