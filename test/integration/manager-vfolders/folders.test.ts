import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import {
  ALICE,
  BOB,
  bootRealProxyManager,
  createFolder,
  DAVE,
  DOMAIN_ADMIN,
  HOST,
  HOST_2,
  HOST_3,
  LIMITED,
  PROJECT_ID,
  SUPERADMIN,
  uniqueName,
  type RealProxyDeployment,
} from './support/vfolder-harness';

describe('manager-vfolders: the /folders API on PostgreSQL and a storage proxy', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  const folderDir = (id: string) => deployment.folderDir(id);
  /** The claims of a JWT (not verified: the proxy does that). */
  const claims = (token: unknown) =>
    JSON.parse(Buffer.from(String(token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const clientApi = async () =>
    (JSON.parse((await deployment.store.get('volumes/proxies/local'))!) as { client_api: string }).client_api;

  describe('GET /folders/_/hosts', () => {
    it('answers the default host and the hosts the domain, projects and keypair policy allow', async () => {
      const answer = await deployment.call(ALICE, 'GET', '/folders/_/hosts');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ default: HOST, allowed: [HOST] });
      const limited = await deployment.call(LIMITED, 'GET', '/folders/_/hosts');
      expect(limited.body).to.deep.equal({ default: HOST, allowed: [HOST, HOST_2] });
    });
  });

  describe('POST /folders', () => {
    it('creates a user folder on the default host, on the proxy and in the database', async () => {
      const name = uniqueName();
      const answer = await deployment.call(ALICE, 'POST', '/folders', { name, cloneable: true });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body).to.include({
        name,
        host: HOST,
        usage_mode: 'general',
        permission: 'rw',
        creator: ALICE.email,
        ownership_type: 'user',
        user: ALICE.userId,
        group: null,
        cloneable: true,
      });
      expect(answer.body['id']).to.match(/^[0-9a-f]{32}$/);
      const folders = await deployment.db.vfolders.list({ userIds: [ALICE.userId], name });
      expect(folders).to.have.lengthOf(1);
      expect(folders[0]!.quotaScopeId).to.equal(`user:${ALICE.userId}`);
      expect(await readdir(await folderDir(folders[0]!.id))).to.deep.equal([]);
    });

    it('creates a project folder for a domain admin, refuses one to a user (403)', async () => {
      const name = uniqueName('proj');
      const id = await createFolder(deployment, DOMAIN_ADMIN, { name, group: PROJECT_ID, permission: 'ro' });
      const folder = (await deployment.db.vfolders.get(id))!;
      expect(folder).to.include({ ownershipType: 'group', groupId: PROJECT_ID, permission: 'ro' });
      expect(folder.quotaScopeId).to.equal(`project:${PROJECT_ID}`);
      const refused = await deployment.call(ALICE, 'POST', '/folders', {
        name: uniqueName(),
        group: PROJECT_ID,
      });
      expect(refused.status).to.equal(403);
      expect(await deployment.db.vfolders.list({ groupIds: [PROJECT_ID], name: 'nothing' })).to.deep.equal(
        [],
      );
    });

    it('refuses bad, reserved and duplicate names naming the field, and creates nothing', async () => {
      const before = await deployment.db.vfolders.list({ userIds: [BOB.userId] });
      for (const name of ['', 'a b', '-lead', 'trail-', '../up', '.bashrc', '.ssh', '/etc', 'x'.repeat(65)]) {
        const answer = await deployment.call(BOB, 'POST', '/folders', { name });
        expect(answer.status, name).to.equal(400);
        expect(String(answer.body['title']), name).to.match(/name/);
      }
      const name = uniqueName();
      await createFolder(deployment, BOB, { name });
      const again = await deployment.call(BOB, 'POST', '/folders', { name });
      expect(again.status).to.equal(400);
      expect(again.body['type']).to.equal('https://api.backend.ai/probs/vfolder-already-exists');
      expect(await deployment.db.vfolders.list({ userIds: [BOB.userId] })).to.have.lengthOf(
        before.length + 1,
      );
    });

    it('allows dot-folders for users, refuses them for projects', async () => {
      await createFolder(deployment, BOB, { name: '.local' });
      const refused = await deployment.call(DOMAIN_ADMIN, 'POST', '/folders', {
        name: '.cache',
        group: PROJECT_ID,
      });
      expect(refused.status).to.equal(400);
    });

    it('refuses hosts that are not allowed or unknown, and bad usage modes and permissions', async () => {
      for (const [body, status] of [
        [{ host: HOST_3 }, 403],
        [{ host: HOST_2 }, 403],
        [{ host: 'nowhere:volume' }, 400],
        [{ usage_mode: 'video' }, 400],
        [{ permission: 'rwx' }, 400],
        [{ quota: 'lots' }, 400],
      ] as const) {
        const answer = await deployment.call(ALICE, 'POST', '/folders', { name: uniqueName(), ...body });
        expect(answer.status, JSON.stringify(body)).to.equal(status);
      }
    });

    it('counts against max_vfolder_count (406) and clamps the quota to max_vfolder_size', async () => {
      const id = await createFolder(deployment, LIMITED, { name: uniqueName(), host: HOST_2, quota: '10g' });
      expect((await deployment.db.vfolders.get(id))!.maxSize).to.equal(1024 * 1024);
      const usage = await deployment.call(
        SUPERADMIN,
        'GET',
        `/folders/_/usage?folder_host=${HOST_2}&id=${id}`,
      );
      expect(usage.body).to.include({ limit_bytes: 1024 * 1024 });
      await createFolder(deployment, LIMITED, { name: uniqueName() });
      const refused = await deployment.call(LIMITED, 'POST', '/folders', { name: uniqueName() });
      expect(refused.status).to.equal(406);
      expect(await deployment.db.vfolders.list({ userIds: [LIMITED.userId] })).to.have.lengthOf(2);
    });
  });

  describe('GET /folders and GET /folders/:name', () => {
    it("lists the caller's folders and its projects' folders, never another user's", async () => {
      const mine = uniqueName('mine');
      const project = uniqueName('proj');
      await createFolder(deployment, ALICE, { name: mine });
      await createFolder(deployment, DOMAIN_ADMIN, { name: project, group: PROJECT_ID });
      const alice = await deployment.call(ALICE, 'GET', '/folders');
      const names = (alice.body as unknown as Array<{ name: string }>).map((item) => item.name);
      expect(names).to.include.members([mine, project]);
      const dave = await deployment.call(DAVE, 'GET', '/folders');
      const daves = (dave.body as unknown as Array<{ name: string }>).map((item) => item.name);
      expect(daves).to.not.include(mine).and.not.include(project);
      const item = (alice.body as unknown as Array<Record<string, unknown>>).find(
        (each) => each['name'] === project,
      )!;
      expect(item).to.include({
        is_owner: false,
        permission: 'rw',
        ownership_type: 'group',
        group: PROJECT_ID,
      });
    });

    it('lists every folder for a superadmin with all=true, refuses all=true to others (403)', async () => {
      const name = uniqueName('private');
      await createFolder(deployment, BOB, { name });
      const all = await deployment.call(SUPERADMIN, 'GET', '/folders?all=true');
      expect((all.body as unknown as Array<{ name: string }>).map((item) => item.name)).to.include(name);
      for (const who of [ALICE, DOMAIN_ADMIN]) {
        const refused = await deployment.call(who, 'GET', '/folders?all=true');
        expect(refused.status).to.equal(403);
      }
    });

    it('answers info by name or id with the usage from the proxy; 404 to a stranger', async () => {
      const name = uniqueName();
      const id = await createFolder(deployment, ALICE, { name });
      await writeFile(join(await folderDir(id), 'a.txt'), 'hello');
      for (const key of [name, id, id.replace(/-/g, '')]) {
        const info = await deployment.call(ALICE, 'GET', `/folders/${key}`);
        expect(info.status, key).to.equal(200);
        expect(info.body).to.include({ name, num_files: 1, used_bytes: 5, is_owner: true, permission: 'wd' });
      }
      const refused = await deployment.call(DAVE, 'GET', `/folders/${id}`);
      expect(refused.status).to.equal(404);
      expect(refused.body['type']).to.equal('https://api.backend.ai/probs/object-not-found');
    });
  });

  describe('rename and files', () => {
    it('renames a folder (201), refusing a taken name', async () => {
      const [a, b] = [uniqueName(), uniqueName()];
      const id = await createFolder(deployment, ALICE, { name: a });
      await createFolder(deployment, ALICE, { name: b });
      expect((await deployment.call(ALICE, 'POST', `/folders/${a}/rename`, { new_name: b })).status).to.equal(
        400,
      );
      const renamed = await deployment.call(ALICE, 'POST', `/folders/${a}/rename`, { new_name: `${a}-new` });
      expect(renamed.status).to.equal(201);
      expect((await deployment.db.vfolders.get(id))!.name).to.equal(`${a}-new`);
    });

    it('makes directories, lists, renames, moves and deletes files on the proxy', async () => {
      const name = uniqueName();
      const id = await createFolder(deployment, ALICE, { name });
      const dir = await folderDir(id);
      const mkdir = await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, {
        path: 'a/b',
        parents: true,
      });
      expect(mkdir.status, JSON.stringify(mkdir.body)).to.equal(201);
      await writeFile(join(dir, 'a', 'file.txt'), 'data');
      const listed = await deployment.call(ALICE, 'GET', `/folders/${name}/files?path=a`);
      expect(listed.status).to.equal(200);
      const items = listed.body['items'] as Array<Record<string, unknown>>;
      expect(items.map((item) => [item['name'], item['type']])).to.deep.equal([
        ['b', 'DIRECTORY'],
        ['file.txt', 'FILE'],
      ]);
      expect(items[1]!['mode']).to.match(/^[0-7]{3}$/);
      expect(JSON.parse(listed.body['files'] as string)[0]).to.include({ filename: 'b' });
      expect(JSON.parse(listed.body['files'] as string)[0].mode).to.match(/^d[rwx-]{9}$/);

      const exists = await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, { path: 'a/file.txt' });
      expect(exists.status).to.equal(400);
      const renameDir = await deployment.call(ALICE, 'POST', `/folders/${name}/rename-file`, {
        target_path: 'a/b',
        new_name: 'c',
      });
      expect(renameDir.status).to.equal(400);
      const rename = await deployment.call(ALICE, 'POST', `/folders/${name}/rename-file`, {
        target_path: 'a/file.txt',
        new_name: 'renamed.txt',
      });
      expect(rename.status, JSON.stringify(rename.body)).to.equal(200);
      const move = await deployment.call(ALICE, 'POST', `/folders/${name}/move-file`, {
        src: 'a/renamed.txt',
        dst: 'moved.txt',
      });
      expect(move.status).to.equal(200);
      expect(await readFile(join(dir, 'moved.txt'), 'utf8')).to.equal('data');
      const missing = await deployment.call(ALICE, 'GET', `/folders/${name}/files?path=nowhere`);
      expect(missing.status).to.equal(404);
      const escape = await deployment.call(ALICE, 'GET', `/folders/${name}/files?path=../..`);
      expect(escape.status).to.equal(400);

      const dirWithout = await deployment.call(ALICE, 'DELETE', `/folders/${name}/delete-files`, {
        files: ['a'],
      });
      expect(dirWithout.status).to.equal(400);
      expect(await readdir(dir)).to.include('a');
      const deleted = await deployment.call(ALICE, 'DELETE', `/folders/${name}/delete-files`, {
        files: ['a', 'moved.txt'],
        recursive: true,
      });
      expect(deleted.status, JSON.stringify(deleted.body)).to.equal(200);
      expect(await readdir(dir)).to.deep.equal([]);
    });

    it('issues upload and download tokens with the client API url', async () => {
      const name = uniqueName();
      const id = await createFolder(deployment, ALICE, { name });
      const upload = await deployment.call(ALICE, 'POST', `/folders/${name}/request-upload`, {
        path: 'x.bin',
        size: 10,
      });
      expect(upload.status).to.equal(200);
      expect(upload.body['url']).to.equal(new URL('upload', `${await clientApi()}/`).toString());
      expect(claims(upload.body['token'])).to.include({ op: 'upload', vfid: id, relpath: 'x.bin', size: 10 });
      await writeFile(join(await folderDir(id), 'x.bin'), '0123456789');
      const download = await deployment.call(ALICE, 'POST', `/folders/${name}/request-download`, {
        path: 'x.bin',
      });
      expect(download.status, JSON.stringify(download.body)).to.equal(200);
      expect(download.body['url']).to.equal(new URL('download', `${await clientApi()}/`).toString());
      expect(claims(download.body['token'])).to.include({ op: 'download', vfid: id, relpath: 'x.bin' });
      const noSize = await deployment.call(ALICE, 'POST', `/folders/${name}/request-upload`, {
        path: 'x.bin',
      });
      expect(noSize.status).to.equal(400);
      expect(String(noSize.body['title'])).to.match(/size/);
    });

    it("answers a folder's usage to a superadmin only", async () => {
      const id = await createFolder(deployment, ALICE, { name: uniqueName() });
      const usage = await deployment.call(SUPERADMIN, 'GET', `/folders/_/usage?folder_host=${HOST}&id=${id}`);
      expect(usage.status).to.equal(200);
      expect(usage.body).to.deep.equal({ used_bytes: 0, file_count: 0, limit_bytes: null });
      const refused = await deployment.call(ALICE, 'GET', `/folders/_/usage?folder_host=${HOST}&id=${id}`);
      expect(refused.status).to.equal(403);
    });
  });
});
