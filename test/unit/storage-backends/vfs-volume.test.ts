import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderRef, StorageVolume } from '@tessera/core';
import { VfsBackend } from '@tessera/storage-backend-vfs';
import { RecordingLogger } from '../../support/recording-logger';

describe('vfs volume', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tessera-vfs-unit-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const open = (options: Record<string, unknown> = {}, log?: RecordingLogger) =>
    new VfsBackend({ usageScanLimit: 100_000, usageCacheSeconds: 5 }, log).open({
      name: 'v',
      path: root,
      options,
    });
  const folderIn = (scopeId = randomUUID()): FolderRef => ({
    scope: { type: 'user', id: scopeId },
    folderId: randomUUID(),
  });

  it("puts folders at Backend.AI's layout and keeps its records outside them", async () => {
    const volume = await open();
    const folder: FolderRef = {
      scope: { type: 'project', id: '0a1b2c3d-0000-4000-8000-00000000000e' },
      folderId: 'F1E2D3C4-B5A6-4978-8a9b-0c1d2e3f4a5b',
    };
    await volume.createFolder(folder, { quotaBytes: 1024 });
    expect(volume.folderPath(folder)).to.equal(
      join(root, '0a1b2c3d00004000800000000000000e', 'f1', 'e2', 'd3c4b5a649788a9b0c1d2e3f4a5b'),
    );
    expect(await readdir(volume.folderPath(folder))).to.deep.equal([]);
    expect((await readdir(root)).sort()).to.deep.equal(['.tessera', '0a1b2c3d00004000800000000000000e']);
    const records = await readdir(join(root, '.tessera', 'folders', '0a1b2c3d00004000800000000000000e'));
    expect(records).to.deep.equal(['f1e2d3c4b5a649788a9b0c1d2e3f4a5b.json']);
  });

  it('stops a usage scan at usageScanLimit entries, reports a lower bound and warns', async () => {
    const log = new RecordingLogger();
    const volume = await open({ usageScanLimit: 5 }, log);
    const folder = folderIn();
    await volume.createFolder(folder, {});
    for (let i = 0; i < 10; i++) await writeFile(join(volume.folderPath(folder), `f${i}`), 'x'.repeat(10));
    const usage = await volume.folderUsage(folder);
    expect(usage.fileCount).to.equal(5);
    expect(usage.usedBytes).to.equal(50);
    expect(log.lines.map((l) => l.message)).to.include(
      'usage scan stopped at its entry limit; usage is a lower bound',
    );
  });

  it('reuses a measured usage for usageCacheSeconds, forgetting it on writes the volume makes', async () => {
    const volume = await open({ usageCacheSeconds: 3600 });
    const scope = randomUUID();
    const folder = folderIn(scope);
    await volume.createFolder(folder, {});
    await writeFile(join(volume.folderPath(folder), 'a'), 'aaaa');
    expect((await volume.scopeUsage(folder.scope))!.usedBytes).to.equal(4);
    await writeFile(join(volume.folderPath(folder), 'b'), 'bbbb');
    expect((await volume.scopeUsage(folder.scope))!.usedBytes).to.equal(4, 'cached');
    await volume.cloneFolder(folder, folderIn(scope));
    expect((await volume.scopeUsage(folder.scope))!.usedBytes).to.equal(
      16,
      'a clone into the scope forgot it',
    );

    const uncached = await open({ usageCacheSeconds: 0 });
    await writeFile(join(volume.folderPath(folder), 'c'), 'cccc');
    expect((await uncached.folderUsage(folder)).usedBytes).to.equal(12);
  });

  it('refuses a clone past the target scope limit (quota-exceeded) before copying anything', async () => {
    const volume = await open();
    const source = folderIn();
    await volume.createFolder(source, {});
    await writeFile(join(volume.folderPath(source), 'data'), Buffer.alloc(4096));
    const target = folderIn();
    await volume.setScopeQuota(target.scope, 1000);
    const refused = await volume.cloneFolder(source, target).then(
      () => null,
      (error: Error & { code?: string }) => error,
    );
    expect(refused?.code).to.equal('quota-exceeded');
    expect(refused?.message).to.include('limit of 1000 bytes');
    await expectMissing(volume, target);
  });

  it('reports exact totals as the last progress of a clone and a delete', async () => {
    const volume = await open();
    const source = folderIn();
    await volume.createFolder(source, {});
    await writeFile(join(volume.folderPath(source), 'a'), Buffer.alloc(1000));
    await writeFile(join(volume.folderPath(source), 'b'), Buffer.alloc(24));
    const cloned: Array<{ bytes: number; files: number }> = [];
    const target = folderIn();
    await volume.cloneFolder(source, target, (done) => cloned.push(done));
    expect(cloned.at(-1)).to.deep.equal({ bytes: 1024, files: 2 });
    const deleted: Array<{ bytes: number; files: number }> = [];
    await volume.deleteFolder(target, (done) => deleted.push(done));
    expect(deleted.at(-1)).to.deep.equal({ bytes: 1024, files: 2 });
  });

  it('clones owners and modes, read-only directories included', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root may give files to another user
    const volume = await open();
    const source = folderIn();
    await volume.createFolder(source, {});
    const root = volume.folderPath(source);
    await mkdir(join(root, 'locked'));
    await writeFile(join(root, 'locked', 'inside'), 'x');
    await chown(join(root, 'locked', 'inside'), 1234, 2345);
    await chmod(join(root, 'locked'), 0o555);
    await chown(root, 1000, 1000);
    const target = folderIn();
    await volume.cloneFolder(source, target);
    const copy = volume.folderPath(target);
    expect((await lstat(join(copy, 'locked'))).mode & 0o777).to.equal(0o555);
    expect(await lstat(join(copy, 'locked', 'inside'))).to.include({ uid: 1234, gid: 2345 });
    expect(await lstat(copy)).to.include({ uid: 1000, gid: 1000 });
  });

  it('leaves no temporary files behind its metadata writes', async () => {
    const volume = await open();
    const folder = folderIn();
    await volume.createFolder(folder, { quotaBytes: 10 });
    for (let limit = 1; limit <= 20; limit++) await volume.setFolderQuota(folder, limit);
    await volume.setScopeQuota(folder.scope, 5);
    const folders = join(root, '.tessera', 'folders', folder.scope.id.replace(/-/g, ''));
    expect(await readdir(folders)).to.have.length(1);
    expect(await readdir(join(root, '.tessera', 'scopes'))).to.have.length(1);
    expect((await volume.folderUsage(folder)).limitBytes).to.equal(20);
  });
});

async function expectMissing(volume: StorageVolume, folder: FolderRef): Promise<void> {
  const error = await volume.folderUsage(folder).then(
    () => null,
    (e: Error & { code?: string }) => e,
  );
  expect(error?.code).to.equal('folder-not-found');
}
