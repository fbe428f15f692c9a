import { expect } from 'chai';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import {
  ALICE,
  BOB,
  bootRealProxyManager,
  CAROL,
  createFolder,
  DAVE,
  DOMAIN_ADMIN,
  LAB_ADMIN,
  LIMITED,
  PROJECT_ID,
  SUPERADMIN,
  uniqueName,
  type Person,
  type RealProxyDeployment,
} from './support/vfolder-harness';

/** One per-folder call: what it needs on the folder, and its answer when allowed. */
interface Action {
  name: string;
  needs: 'ro' | 'rw' | 'wd' | 'owner';
  status: number;
  request(folder: string): { method: string; path: string; body?: unknown };
}

const ACTIONS: Action[] = [
  { name: 'info', needs: 'ro', status: 200, request: (f) => ({ method: 'GET', path: `/folders/${f}` }) },
  {
    name: 'files',
    needs: 'ro',
    status: 200,
    request: (f) => ({ method: 'GET', path: `/folders/${f}/files` }),
  },
  {
    name: 'request-download',
    needs: 'ro',
    status: 200,
    request: (f) => ({ method: 'POST', path: `/folders/${f}/request-download`, body: { path: 'a.txt' } }),
  },
  {
    name: 'clone',
    needs: 'ro',
    status: 201,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/clone`,
      body: { target_name: uniqueName('clone') },
    }),
  },
  {
    name: 'mkdir',
    needs: 'rw',
    status: 201,
    request: (f) => ({ method: 'POST', path: `/folders/${f}/mkdir`, body: { path: 'new' } }),
  },
  {
    name: 'request-upload',
    needs: 'rw',
    status: 200,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/request-upload`,
      body: { path: 'up.bin', size: 3 },
    }),
  },
  {
    name: 'rename-file',
    needs: 'rw',
    status: 200,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/rename-file`,
      body: { target_path: 'a.txt', new_name: 'b.txt' },
    }),
  },
  {
    name: 'move-file',
    needs: 'rw',
    status: 200,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/move-file`,
      body: { src: 'a.txt', dst: 'd/a.txt' },
    }),
  },
  {
    name: 'delete-files',
    needs: 'rw',
    status: 200,
    request: (f) => ({ method: 'DELETE', path: `/folders/${f}/delete-files`, body: { files: ['a.txt'] } }),
  },
  { name: 'trash', needs: 'wd', status: 204, request: (f) => ({ method: 'DELETE', path: `/folders/${f}` }) },
  {
    name: 'rename',
    needs: 'owner',
    status: 201,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/rename`,
      body: { new_name: uniqueName('renamed') },
    }),
  },
  {
    name: 'invite',
    needs: 'owner',
    status: 201,
    request: (f) => ({
      method: 'POST',
      path: `/folders/${f}/invite`,
      body: { perm: 'ro', emails: [DAVE.email] },
    }),
  },
];

const RANK = { none: 0, ro: 1, rw: 2, wd: 3, owner: 4 } as const;
type Held = keyof typeof RANK;

describe('manager-vfolders: ro / rw / wd enforced on every per-folder call, from the refused side', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  /** Everything a call could change: the row, its grants and invitations, and the files. */
  const snapshot = async (id: string) => {
    const folder = await deployment.db.vfolders.get(id);
    const dir = await deployment.folderDir(id);
    const list = async (path: string): Promise<string[]> => {
      const entries = await readdir(path, { withFileTypes: true });
      const nested = await Promise.all(
        entries.map(async (entry) =>
          entry.isDirectory()
            ? [`${entry.name}/`, ...(await list(join(path, entry.name))).map((n) => `${entry.name}/${n}`)]
            : [entry.name],
        ),
      );
      return nested.flat().sort();
    };
    return {
      name: folder!.name,
      status: folder!.status,
      grants: await deployment.db.vfolders.grants([id]),
      invitations: (await deployment.db.vfolders.invitations({ vfolderId: id })).length,
      files: await list(dir),
      owned: (await deployment.db.vfolders.list()).length,
    };
  };

  const seedFiles = async (id: string) => {
    const dir = await deployment.folderDir(id);
    await writeFile(join(dir, 'a.txt'), 'abc');
    await mkdir(join(dir, 'd'));
  };

  const runMatrix = (
    title: string,
    actors: ReadonlyArray<readonly [string, Person, Held]>,
    actions: readonly Action[],
    prepare: () => Promise<string>,
  ) => {
    describe(title, () => {
      for (const action of actions) {
        for (const [role, who, held] of actors) {
          const allowed = RANK[held] >= RANK[action.needs];
          it(`${action.name}: ${allowed ? 'lets' : 'refuses'} the ${role}`, async () => {
            const id = await prepare();
            const before = await snapshot(id);
            const { method, path, body } = action.request(id);
            const answer = await deployment.call(who, method, path, body);
            if (allowed) {
              expect(answer.status, JSON.stringify(answer.body)).to.equal(action.status);
            } else {
              expect(answer.status, JSON.stringify(answer.body)).to.equal(404);
              expect(answer.body['type']).to.equal('https://api.backend.ai/probs/object-not-found');
              expect(await snapshot(id)).to.deep.equal(before);
            }
          });
        }
      }
    });
  };

  runMatrix(
    "a user folder of Alice's, shared ro with Bob, rw with Carol, wd with Limited",
    [
      ['owner', ALICE, 'owner'],
      ['ro invitee', BOB, 'ro'],
      ['rw invitee', CAROL, 'rw'],
      ['wd invitee', LIMITED, 'wd'],
      ['stranger', DAVE, 'none'],
      ['domain admin', DOMAIN_ADMIN, 'none'],
      ['superadmin', SUPERADMIN, 'none'],
    ],
    ACTIONS,
    async () => {
      const id = await createFolder(deployment, ALICE, { name: uniqueName('m'), cloneable: true });
      await seedFiles(id);
      await deployment.db.vfolders.grant(id, BOB.userId, 'ro');
      await deployment.db.vfolders.grant(id, CAROL.userId, 'rw');
      await deployment.db.vfolders.grant(id, LIMITED.userId, 'wd');
      return id;
    },
  );

  runMatrix(
    'a project folder (members ro; Bob shared rw)',
    [
      ['domain admin', DOMAIN_ADMIN, 'owner'],
      ['superadmin', SUPERADMIN, 'owner'],
      ['project member', ALICE, 'ro'],
      ['member shared rw', BOB, 'rw'],
      ['stranger outside the project', DAVE, 'none'],
      ["another domain's admin", LAB_ADMIN, 'none'],
    ],
    [
      ...ACTIONS.filter((action) =>
        ['info', 'mkdir', 'delete-files', 'trash', 'rename'].includes(action.name),
      ),
      {
        name: 'share',
        needs: 'owner',
        status: 201,
        request: (f) => ({
          method: 'POST',
          path: `/folders/${f}/share`,
          body: { permission: 'wd', emails: [CAROL.email] },
        }),
      },
    ],
    async () => {
      const id = await createFolder(deployment, DOMAIN_ADMIN, {
        name: uniqueName('p'),
        group: PROJECT_ID,
        permission: 'ro',
      });
      await seedFiles(id);
      await deployment.db.vfolders.grant(id, BOB.userId, 'rw');
      return id;
    },
  );
});
