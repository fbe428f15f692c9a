import { expect } from 'chai';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@tessera/core';
import { FolderAccess, FolderMountResolver, StorageProxies } from '@tessera/manager-vfolders';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { RecordingLogger } from '../../support/recording-logger';
import {
  ALICE,
  BOB,
  bootRealProxyManager,
  createFolder,
  eventually,
  followTask,
  PROJECT_ID,
  uniqueName,
  type RealProxyDeployment,
} from './support/vfolder-harness';

/** One tus 1.0 PATCH of `data` at `offset` (the official client's upload, token in the query). */
async function tusPatch(url: string, token: string, offset: number, data: Buffer): Promise<Response> {
  return fetch(`${url}?token=${encodeURIComponent(token)}`, {
    method: 'PATCH',
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    },
    body: data,
  });
}

describe('manager-vfolders: end to end through the real storage proxy (vfs volumes)', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  it('lists the proxy volumes as hosts once the proxy registered itself', async () => {
    const hosts = await deployment.call(ALICE, 'GET', '/folders/_/hosts');
    expect(hosts.body).to.deep.equal({ default: 'local:volume1', allowed: ['local:volume1'] });
  });

  it('creates a folder, uploads over tus, lists, downloads, and works on its files', async () => {
    const name = uniqueName('e2e');
    const id = await createFolder(deployment, ALICE, { name });
    const dir = await deployment.folderDir(id);
    expect(await readdir(dir)).to.deep.equal([]);

    const content = Buffer.from('hello, vfolder');
    const upload = await deployment.call(ALICE, 'POST', `/folders/${name}/request-upload`, {
      path: 'docs/hello.txt',
      size: content.length,
    });
    expect(upload.status, JSON.stringify(upload.body)).to.equal(200);
    const { token, url } = upload.body as { token: string; url: string };
    expect(url).to.match(/\/upload$/);
    const head = await fetch(`${url}?token=${encodeURIComponent(token)}`, {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '1.0.0' },
    });
    expect(head.status).to.equal(200);
    expect(head.headers.get('upload-offset')).to.equal('0');
    const patched = await tusPatch(url, token, 0, content);
    expect(patched.status, await patched.text()).to.equal(204);
    expect(await readFile(join(dir, 'docs', 'hello.txt'), 'utf8')).to.equal('hello, vfolder');

    const files = await deployment.call(ALICE, 'GET', `/folders/${name}/files?path=docs`);
    expect(
      (files.body['items'] as Array<Record<string, unknown>>).map((item) => [item['name'], item['size']]),
    ).to.deep.equal([['hello.txt', content.length]]);
    const download = await deployment.call(ALICE, 'POST', `/folders/${name}/request-download`, {
      path: 'docs/hello.txt',
    });
    const { token: dtoken, url: durl } = download.body as { token: string; url: string };
    const fetched = await fetch(`${durl}?token=${encodeURIComponent(dtoken)}`);
    expect(fetched.status).to.equal(200);
    expect(await fetched.text()).to.equal('hello, vfolder');
    const info = await deployment.call(ALICE, 'GET', `/folders/${name}`);
    expect(info.body).to.include({ num_files: 1, used_bytes: content.length });

    expect(
      (await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, { path: 'out/deep', parents: true }))
        .status,
    ).to.equal(201);
    expect(
      (await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, { path: 'docs/hello.txt' })).status,
    ).to.equal(400);
    const renamed = await deployment.call(ALICE, 'POST', `/folders/${name}/rename-file`, {
      target_path: 'docs/hello.txt',
      new_name: 'hi.txt',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).to.equal(200);
    const moved = await deployment.call(ALICE, 'POST', `/folders/${name}/move-file`, {
      src: 'docs/hi.txt',
      dst: 'out/hi.txt',
    });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(await readFile(join(dir, 'out', 'hi.txt'), 'utf8')).to.equal('hello, vfolder');
    const escape = await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, { path: '../../escape' });
    expect(escape.status).to.equal(400);
    const dirWithout = await deployment.call(ALICE, 'DELETE', `/folders/${name}/delete-files`, {
      files: ['out'],
    });
    expect(dirWithout.status).to.equal(400);
    const deleted = await deployment.call(ALICE, 'DELETE', `/folders/${name}/delete-files`, {
      files: ['out', 'docs'],
      recursive: true,
    });
    expect(deleted.status, JSON.stringify(deleted.body)).to.equal(200);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it("refuses an upload larger than the folder's quota before any byte is sent (413)", async () => {
    const name = uniqueName('quota');
    await createFolder(deployment, ALICE, { name, quota: 1024 });
    const refused = await deployment.call(ALICE, 'POST', `/folders/${name}/request-upload`, {
      path: 'big',
      size: 4096,
    });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(413);
    const fits = await deployment.call(ALICE, 'POST', `/folders/${name}/request-upload`, {
      path: 'small',
      size: 512,
    });
    expect(fits.status).to.equal(200);
  });

  it('clones with progress events and deletes forever through the proxy', async () => {
    const source = uniqueName('src');
    const sourceId = await createFolder(deployment, ALICE, { name: source, cloneable: true });
    const sourceDir = await deployment.folderDir(sourceId);
    for (const file of ['a', 'b']) await writeFile(join(sourceDir, file), file.repeat(100));
    const clone = await deployment.call(ALICE, 'POST', `/folders/${source}/clone`, {
      target_name: uniqueName('copy'),
    });
    expect(clone.status, JSON.stringify(clone.body)).to.equal(201);
    const events = await followTask(deployment, ALICE, clone.body['bgtask_id'] as string);
    expect(
      events
        .map((event) => event.event)
        .filter((name) => name.startsWith('bgtask_'))
        .at(-1),
    ).to.equal('bgtask_done');
    const [copy] = await deployment.db.vfolders.list({
      userIds: [ALICE.userId],
      name: clone.body['name'] as string,
    });
    await eventually(
      async () => (await deployment.db.vfolders.get(copy!.id))?.status === 'ready',
      'the copy to be ready',
    );
    expect((await readdir(await deployment.folderDir(copy!.id))).sort()).to.deep.equal(['a', 'b']);

    expect((await deployment.call(ALICE, 'DELETE', `/folders/${source}`)).status).to.equal(204);
    const forever = await deployment.call(ALICE, 'POST', '/folders/delete-from-trash-bin', {
      vfolder_id: sourceId,
    });
    expect(forever.status).to.equal(204);
    await eventually(
      async () => (await deployment.db.vfolders.get(sourceId))?.status === 'delete-complete',
      'the deletion to complete',
    );
    expect(await stat(sourceDir).catch(() => null)).to.equal(null);
  });

  it('resolves session mounts to the folders on the volume', async () => {
    const id = await createFolder(deployment, BOB, { name: uniqueName('mnt') });
    const folder = (await deployment.db.vfolders.get(id))!;
    const resolver = new FolderMountResolver(
      deployment.db,
      new FolderAccess(deployment.db),
      new StorageProxies(deployment.store),
      new RecordingLogger() as Logger,
    );
    const mounts = await resolver.resolve({
      owner: { userId: BOB.userId, accessKey: BOB.accessKey, domainName: 'default', groupId: PROJECT_ID },
      mounts: [folder.name],
      mountMap: {},
    });
    expect(mounts).to.deep.equal([
      { hostPath: await deployment.folderDir(id), kernelPath: `/home/work/${folder.name}`, permission: 'wd' },
    ]);
  });
});
