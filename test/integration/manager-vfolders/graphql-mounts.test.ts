import { expect } from 'chai';
import type { Logger } from '@tessera/core';
import { FolderAccess, FolderMountResolver, StorageProxies } from '@tessera/manager-vfolders';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { RecordingLogger } from '../../support/recording-logger';
import {
  ALICE,
  BOB,
  bootRealProxyManager,
  createFolder,
  DAVE,
  DOMAIN_ADMIN,
  gql,
  LAB_ADMIN,
  LIMITED,
  PROJECT_ID,
  SUPERADMIN,
  type Person,
  type RealProxyDeployment,
} from './support/vfolder-harness';

describe('manager-vfolders: GraphQL vfolder queries and the session mount resolver', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;
  let aliceFolder: string;
  let bobFolder: string;
  let projectFolder: string;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
    aliceFolder = await createFolder(deployment, ALICE, { name: 'alice-data', quota: 2 * 1024 * 1024 });
    bobFolder = await createFolder(deployment, BOB, { name: 'bob-data' });
    projectFolder = await createFolder(deployment, DOMAIN_ADMIN, {
      name: 'team',
      group: PROJECT_ID,
      permission: 'ro',
    });
  });
  after(async () => {
    await deployment?.stop();
  });

  describe('vfolder_list, vfolders and vfolder', () => {
    const list = async (who: Person, args = '') => {
      const answer = await gql(
        deployment.endpoint,
        who,
        `{ vfolder_list(limit: 100, offset: 0, order_key: "name"${args}) { total_count items { id name host user user_email group group_name usage_mode permission ownership_type max_size status cloneable creator } } }`,
      );
      expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
      return answer.data!['vfolder_list'] as { total_count: number; items: Array<Record<string, unknown>> };
    };

    it('answers every folder to a superadmin, with upstream field names', async () => {
      const page = await list(SUPERADMIN);
      expect(page.total_count).to.equal(3);
      expect(page.items.map((item) => item['name'])).to.deep.equal(['alice-data', 'bob-data', 'team']);
      expect(page.items[0]).to.deep.include({
        id: aliceFolder,
        user: ALICE.userId,
        user_email: ALICE.email,
        group: null,
        ownership_type: 'user',
        max_size: 2,
        status: 'ready',
      });
      expect(page.items[2]).to.deep.include({ group: PROJECT_ID, group_name: 'default', permission: 'ro' });
      const second = await list(SUPERADMIN, ', order_asc: false');
      expect(second.items.map((item) => item['name'])).to.deep.equal(['team', 'bob-data', 'alice-data']);
    });

    it('narrows a domain admin to its domain and a user to its own folders', async () => {
      expect((await list(DOMAIN_ADMIN)).total_count).to.equal(3);
      expect((await list(LAB_ADMIN)).total_count).to.equal(0);
      expect((await list(LAB_ADMIN, ', domain_name: "default"')).total_count).to.equal(0);
      const alice = await list(ALICE);
      expect(alice.items.map((item) => item['name'])).to.deep.equal(['alice-data']);
      expect((await list(ALICE, `, access_key: "${BOB.accessKey}"`)).total_count).to.equal(0);
      expect(
        (await list(SUPERADMIN, `, access_key: "${BOB.accessKey}"`)).items.map((item) => item['id']),
      ).to.deep.equal([bobFolder]);
      expect(
        (await list(SUPERADMIN, `, group_id: "${PROJECT_ID}"`)).items.map((item) => item['id']),
      ).to.deep.equal([projectFolder]);
    });

    it('refuses bad pages and unknown order keys naming the argument', async () => {
      const answer = await gql(
        deployment.endpoint,
        SUPERADMIN,
        '{ vfolder_list(limit: 0, offset: 0) { total_count } }',
      );
      expect(JSON.stringify(answer.errors)).to.match(/limit/);
      const order = await gql(
        deployment.endpoint,
        SUPERADMIN,
        '{ vfolder_list(limit: 5, offset: 0, order_key: "size") { total_count } }',
      );
      expect(JSON.stringify(order.errors)).to.match(/order_key/);
    });

    it('answers vfolder(id) within reach, null beyond it, and the legacy vfolders list', async () => {
      const one = async (who: Person, id: string) =>
        (await gql(deployment.endpoint, who, `{ vfolder(id: "${id}") { name } }`)).data!['vfolder'];
      expect(await one(ALICE, aliceFolder)).to.deep.equal({ name: 'alice-data' });
      expect(await one(ALICE, bobFolder)).to.equal(null);
      expect(await one(LAB_ADMIN, aliceFolder)).to.equal(null);
      expect(await one(SUPERADMIN, bobFolder.replace(/-/g, ''))).to.deep.equal({ name: 'bob-data' });
      const legacy = await gql(deployment.endpoint, BOB, '{ vfolders { name } }');
      expect(legacy.data!['vfolders']).to.deep.equal([{ name: 'bob-data' }]);
    });
  });

  describe('the vfolder mounts of a new session', () => {
    let resolver: FolderMountResolver;
    const owner = (who: Person) => ({
      userId: who.userId,
      accessKey: who.accessKey,
      domainName: 'default',
      groupId: PROJECT_ID,
    });

    before(async () => {
      const proxies = new StorageProxies(deployment.store);
      resolver = new FolderMountResolver(
        deployment.db,
        new FolderAccess(deployment.db),
        proxies,
        new RecordingLogger() as Logger,
      );
      await createFolder(deployment, ALICE, { name: '.local' });
      await deployment.db.vfolders.grant(bobFolder, ALICE.userId, 'ro');
    });

    const hostPathOf = (id: string) => deployment.folderDir(id);

    it('mounts by name or id at /home/work/<name> or the alias, with the grant, plus the dot-folders', async () => {
      const mounts = await resolver.resolve({
        owner: owner(ALICE),
        mounts: ['alice-data', bobFolder],
        mountMap: { 'alice-data': 'data', team: '/workspace/team' },
      });
      const [dotLocal] = await deployment.db.vfolders.list({ userIds: [ALICE.userId], name: '.local' });
      expect(mounts).to.deep.equal([
        { hostPath: await hostPathOf(aliceFolder), kernelPath: '/home/work/data', permission: 'wd' },
        { hostPath: await hostPathOf(bobFolder), kernelPath: '/home/work/bob-data', permission: 'ro' },
        { hostPath: await hostPathOf(projectFolder), kernelPath: '/workspace/team', permission: 'ro' },
        { hostPath: await hostPathOf(dotLocal!.id), kernelPath: '/home/work/.local', permission: 'wd' },
      ]);
    });

    it("auto-mounts only the owner's own dot-folders, not one shared with them", async () => {
      const bobDot = await createFolder(deployment, BOB, { name: '.bob-dot' });
      await deployment.db.vfolders.grant(bobDot, ALICE.userId, 'rw');
      const adminDot = await createFolder(deployment, SUPERADMIN, { name: '.admin-dot' });
      const kernelPaths = async (who: Person) =>
        (await resolver.resolve({ owner: owner(who), mounts: [], mountMap: {} })).map((m) => m.kernelPath);
      expect(await kernelPaths(ALICE)).to.deep.equal(['/home/work/.local']);
      // A superadmin, who may use every project folder, is given only their own too.
      expect(await kernelPaths(SUPERADMIN)).to.deep.equal(['/home/work/.admin-dot']);
      expect(
        (await resolver.resolve({ owner: owner(SUPERADMIN), mounts: [], mountMap: {} }))[0]!.hostPath,
      ).to.equal(await hostPathOf(adminDot));
    });

    it("refuses folders the owner may not use with the folder's 404, naming it", async () => {
      for (const name of ['alice-data', 'nothing-here']) {
        const refused = await resolver.resolve({ owner: owner(DAVE), mounts: [name], mountMap: {} }).then(
          () => null,
          (error: { code: string; message: string }) => error,
        );
        expect(refused?.code).to.equal('object-not-found');
        expect(refused?.message).to.include(name);
      }
    });

    it("refuses more folders than the policy's max_vfolder_mounts, naming the limit; dot-folders do not count", async () => {
      for (const name of ['lim-a', '.lim-dot']) await createFolder(deployment, LIMITED, { name });
      await deployment.db.vfolders.grant(bobFolder, LIMITED.userId, 'ro');
      // Two named, the dot-folder mounted on top of them: allowed.
      const allowed = await resolver.resolve({
        owner: owner(LIMITED),
        mounts: ['lim-a', bobFolder],
        mountMap: {},
      });
      expect(allowed.map((mount) => mount.kernelPath)).to.deep.equal([
        '/home/work/lim-a',
        '/home/work/bob-data',
        '/home/work/.lim-dot',
      ]);
      const refused = await resolver
        .resolve({ owner: owner(LIMITED), mounts: ['lim-a', bobFolder, '.lim-dot'], mountMap: {} })
        .then(
          () => null,
          (error: { code: string; message: string; details: Record<string, unknown> }) => error,
        );
      expect(refused?.code).to.equal('invalid-api-params');
      expect(refused?.message).to.equal(
        'mounts: 3 folders asked for; the resource policy "limited" allows 2 per session',
      );
      expect(refused?.details).to.include({ field: 'mounts', max_vfolder_mounts: 2 });
    });

    it('refuses system directories, escapes and two folders at one path', async () => {
      for (const alias of ['/', '/etc', '/usr/lib/x', '/home/work', '../x', '/proc/1', '/bin']) {
        const refused = await resolver
          .resolve({ owner: owner(ALICE), mounts: ['alice-data'], mountMap: { 'alice-data': alias } })
          .then(
            () => null,
            (error: { code: string; message: string }) => error,
          );
        expect(refused?.code, alias).to.equal('invalid-api-params');
        expect(refused?.message).to.include('alice-data');
      }
      const clash = await resolver
        .resolve({ owner: owner(ALICE), mounts: ['alice-data', 'team'], mountMap: { team: 'alice-data' } })
        .then(
          () => null,
          (error: { code: string }) => error,
        );
      expect(clash?.code).to.equal('invalid-api-params');
    });
  });
});
