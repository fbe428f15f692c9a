import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
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
  let counter = 0;

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

  for (const matrixCase of CASES) {
    describe(matrixCase.mutation, () => {
      for (const [role, caller] of CALLERS) {
        const allowed = role === 'superadmin';
        it(`${allowed ? 'lets' : 'refuses'} the ${role}`, async () => {
          const tag = `${++counter}-${randomUUID().slice(0, 8)}`;
          const query = await matrixCase.prepare(tag);
          const before = await snapshot();
          const answer = await gql(deployment.endpoint, caller, query);
          if (allowed) {
            expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
            const payload = answer.data![matrixCase.mutation] as { ok: boolean; msg: string };
            expect(payload.ok, payload.msg).to.equal(true);
            expect(await snapshot()).to.not.deep.equal(before);
          } else {
            expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
            const [error] = answer.errors as Array<{ message: string; extensions: { code: string } }>;
            expect(error!.extensions.code, error!.message).to.equal('forbidden');
            expect(answer.data?.[matrixCase.mutation] ?? null).to.equal(null);
            expect(await snapshot()).to.deep.equal(before);
          }
        });
      }
    });
  }
});
