import { describeRoleMatrix } from '../../support/role-matrix';
import {
  ALICE,
  bootImagesManager,
  DOMAIN_ADMIN,
  gql,
  LAB_ADMIN,
  MONITOR,
  SUPERADMIN,
  type Caller,
  type ManagerDeployment,
} from './support/registry-harness';

const CALLERS: ReadonlyArray<readonly [string, Caller]> = [
  ['superadmin', SUPERADMIN],
  ['domain admin', DOMAIN_ADMIN],
  ['user', ALICE],
  ['monitor', MONITOR],
  ["another domain's admin", LAB_ADMIN],
];

/** One image mutation, made ready for one caller on fresh rows named by `tag`. */
interface MatrixCase {
  mutation: string;
  prepare(tag: string): Promise<string>;
}

describe('manager-images: the role matrix of image mutations (superadmin only)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootImagesManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  const registry = (tag: string) => `m${tag}.example.com`;
  const imageName = (tag: string) => `${registry(tag)}/team/app:1`;
  const seed = async (tag: string) => {
    await deployment.db.images.upsertMany([
      {
        name: imageName(tag),
        architecture: 'x86_64',
        labels: { 'ai.backend.resource.min.cpu': '1' },
        minSlots: {},
      },
    ]);
    await deployment.db.images.addAlias(`alias-${tag}`, imageName(tag), 'x86_64');
  };
  /** Every image row and alias the matrix made: what a refusal must leave as it was. */
  const snapshot = async () =>
    (await deployment.db.images.listDetails())
      .filter((image) => image.registry.endsWith('.example.com'))
      .map(({ installedAgents: _unused, ...image }) => image);

  const CASES: MatrixCase[] = [
    {
      mutation: 'alias_image',
      prepare: async (tag) => {
        await seed(tag);
        return `mutation { alias_image(alias: "new-${tag}", target: "${imageName(tag)}") { ok msg } }`;
      },
    },
    {
      mutation: 'dealias_image',
      prepare: async (tag) => {
        await seed(tag);
        return `mutation { dealias_image(alias: "alias-${tag}") { ok msg } }`;
      },
    },
    {
      mutation: 'forget_image',
      prepare: async (tag) => {
        await seed(tag);
        return `mutation { forget_image(reference: "${imageName(tag)}") { ok msg } }`;
      },
    },
    {
      mutation: 'modify_image',
      prepare: async (tag) => {
        await seed(tag);
        return `mutation { modify_image(target: "${imageName(tag)}", props: {
          resource_limits: [{ key: "cpu", min: "2", max: "8" }], size_bytes: 1024 }) { ok msg } }`;
      },
    },
    {
      mutation: 'clear_images',
      prepare: async (tag) => {
        await seed(tag);
        return `mutation { clear_images(registry: "${registry(tag)}") { ok msg } }`;
      },
    },
  ];

  describeRoleMatrix(
    CASES.map((matrixCase) => ({
      mutation: matrixCase.mutation,
      prepare: async (tag) => ({ query: await matrixCase.prepare(tag), snapshot }),
    })),
    CALLERS,
    (caller, query) => gql(deployment.endpoint, caller, query),
  );
});
