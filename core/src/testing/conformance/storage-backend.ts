/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { lstat, mkdir, open, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join, relative, sep } from 'node:path';
import type {
  FolderRef,
  QuotaScope,
  StorageBackend,
  StorageUsage,
  StorageVolume,
  VolumeConfig,
} from '../../contracts/storage-backend';

export interface StorageBackendUnderTest {
  backend: StorageBackend;
  /** The config of an empty volume the backend can open (a temporary directory, a loop-mounted image). */
  config: VolumeConfig;
  /** Per-volume options the backend must refuse, as `{ option: value }`; each is tried alone. */
  invalidOptions?: Record<string, unknown>;
  /** Releases what `create` made; the suite has closed every volume it opened by then. */
  close?(): Promise<void>;
}

const KiB = 1024;
const MiB = 1024 * KiB;
/** Filesystems count blocks and metadata, not apparent sizes: usage may exceed what was written by this much. */
const USAGE_SLACK = MiB;

/**
 * The storage-backend/v2 conformance suite. `create` gives a backend and the config of an empty
 * volume; the suite opens it once and works in quota scopes of its own (random UUIDs), so tests
 * do not see each other's folders. File counts are checked loosely where filesystems differ: a
 * backend may count directories as files (inode accounting) but never less than the files.
 * Kernel enforcement is checked only where `capabilities().kernelQuota` says so.
 */
export function describeStorageBackendConformance(
  name: string,
  create: () => Promise<StorageBackendUnderTest>,
): void {
  describe(`storage-backend/v2 conformance: ${name}`, () => {
    let subject: StorageBackendUnderTest;
    let volume: StorageVolume;
    before(async () => {
      subject = await create();
      volume = await subject.backend.open(subject.config);
    });
    after(async () => {
      await volume?.close();
      await subject?.close?.();
    });

    it('reports its backend, mount path, capabilities and capacity', async () => {
      assert.equal(volume.backend, subject.backend.name);
      assert.equal(volume.mountPath, subject.config.path);
      const capabilities = volume.capabilities();
      for (const key of ['kernelQuota', 'fastUsage', 'snapshotClone'] as const)
        assert.equal(typeof capabilities[key], 'boolean', `capabilities.${key}`);
      const capacity = await volume.capacity();
      assert.ok(Number.isSafeInteger(capacity.capacityBytes) && capacity.capacityBytes > 0, 'capacityBytes');
      assert.ok(Number.isSafeInteger(capacity.usedBytes) && capacity.usedBytes >= 0, 'usedBytes');
      assert.ok(capacity.usedBytes <= capacity.capacityBytes, 'usedBytes <= capacityBytes');
    });

    it('creates an empty folder inside the volume, and its quota scope with it', async () => {
      const folder = newFolder();
      assert.equal(await volume.scopeUsage(folder.scope), null, 'an unknown scope has no usage');
      await volume.createFolder(folder, {});
      const path = volume.folderPath(folder);
      assert.ok(isInside(volume.mountPath, path), `${path} is inside ${volume.mountPath}`);
      assert.ok((await lstat(path)).isDirectory());
      assert.deepEqual(await visibleEntries(path), []);
      assertEmpty(await volume.folderUsage(folder), null);
      const scope = await volume.scopeUsage(folder.scope);
      assert.ok(scope, 'the scope exists once a folder is in it');
      assert.equal(scope.limitBytes, null);
      assert.notEqual(volume.folderPath(newFolder(folder.scope)), path, 'folders have paths of their own');
    });

    it('refuses to create a folder that exists (folder-exists) and keeps its contents', async () => {
      const folder = newFolder();
      await volume.createFolder(folder, { quotaBytes: 64 * MiB });
      await writeFile(join(volume.folderPath(folder), 'kept.txt'), 'kept');
      await assertRefused(volume.createFolder(folder, {}), 'folder-exists', folder.folderId);
      assert.equal(await readFile(join(volume.folderPath(folder), 'kept.txt'), 'utf8'), 'kept');
      assert.equal((await volume.folderUsage(folder)).limitBytes, 64 * MiB);
    });

    it('lets exactly one of two concurrent creations of a folder win', async () => {
      const folder = newFolder();
      const outcomes = await Promise.allSettled([
        volume.createFolder(folder, {}),
        volume.createFolder(folder, {}),
      ]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      assert.equal((refused.reason as { code?: string }).code, 'folder-exists');
    });

    it('sets, changes and removes a folder limit, idempotently', async () => {
      const folder = newFolder();
      await volume.createFolder(folder, { quotaBytes: 64 * MiB });
      assert.equal((await volume.folderUsage(folder)).limitBytes, 64 * MiB);
      await volume.setFolderQuota(folder, 32 * MiB);
      await volume.setFolderQuota(folder, 32 * MiB);
      assert.equal((await volume.folderUsage(folder)).limitBytes, 32 * MiB);
      await volume.setFolderQuota(folder, null);
      await volume.setFolderQuota(folder, null);
      assert.equal((await volume.folderUsage(folder)).limitBytes, null);
    });

    it('measures the bytes and files written into a folder', async () => {
      const folder = newFolder();
      await volume.createFolder(folder, {});
      const written = await writeFiles(volume.folderPath(folder), {
        'a.bin': 64 * KiB,
        'b.bin': 64 * KiB,
        'c.bin': 64 * KiB,
        'sub/d.bin': 64 * KiB,
      });
      const usage = await volume.folderUsage(folder);
      assertBytes(usage.usedBytes, written.bytes);
      // Four files, and at most the one subdirectory on top for inode-counting filesystems.
      assert.ok(usage.fileCount >= 4 && usage.fileCount <= 5, `fileCount ${usage.fileCount} for 4 files`);
    });

    it("sets and removes a scope's limit, creating the scope, idempotently", async () => {
      const scope = newScope();
      await volume.setScopeQuota(scope, 100 * MiB);
      assertEmpty(await volume.scopeUsage(scope), 100 * MiB);
      await volume.setScopeQuota(scope, 50 * MiB);
      assert.equal((await volume.scopeUsage(scope))?.limitBytes, 50 * MiB);
      await volume.setScopeQuota(scope, null);
      await volume.setScopeQuota(scope, null);
      assert.equal((await volume.scopeUsage(scope))?.limitBytes, null);
      const fresh = newScope();
      await volume.setScopeQuota(fresh, null);
      assert.ok(await volume.scopeUsage(fresh), 'setting no limit creates the scope too');
    });

    it("counts a scope's folders, and only them, in its usage", async () => {
      const scope = newScope();
      const first = newFolder(scope);
      const second = newFolder(scope);
      const elsewhere = newFolder();
      for (const folder of [first, second, elsewhere]) await volume.createFolder(folder, {});
      await volume.setScopeQuota(scope, 200 * MiB);
      const a = await writeFiles(volume.folderPath(first), { 'a.bin': 128 * KiB });
      const b = await writeFiles(volume.folderPath(second), { 'b.bin': 128 * KiB });
      await writeFiles(volume.folderPath(elsewhere), {
        'x.bin': 2 * MiB,
        'y.bin': 64 * KiB,
        'z.bin': 64 * KiB,
      });
      const usage = await volume.scopeUsage(scope);
      assert.ok(usage);
      assertBytes(usage.usedBytes, a.bytes + b.bytes);
      assert.ok(usage.fileCount >= 2 && usage.fileCount < 5, `fileCount ${usage.fileCount} for 2 files`);
      assert.equal(usage.limitBytes, 200 * MiB);
    });

    it('deletes a folder with its contents, reporting progress, and forgets its limit', async () => {
      const folder = newFolder();
      await volume.createFolder(folder, { quotaBytes: 64 * MiB });
      await writeFiles(volume.folderPath(folder), { 'a.bin': 64 * KiB, 'deep/er/b.bin': 64 * KiB });
      const progress = progressRecorder();
      await volume.deleteFolder(folder, progress.report);
      progress.check();
      await assert.rejects(lstat(volume.folderPath(folder)), { code: 'ENOENT' });
      await assertRefused(volume.folderUsage(folder), 'folder-not-found', folder.folderId);
      await volume.deleteFolder(folder);
      await volume.deleteFolder(newFolder());
      await volume.createFolder(folder, {});
      assertEmpty(await volume.folderUsage(folder), null);
    });

    it('clones a folder into another scope: contents and limit, as an independent copy', async () => {
      const source = newFolder();
      await volume.createFolder(source, { quotaBytes: 64 * MiB });
      const root = volume.folderPath(source);
      await writeFiles(root, { 'a.bin': 64 * KiB, 'dir/b.txt': 100, 'dir/deeper/c.bin': 32 * KiB });
      await symlink('dir/b.txt', join(root, 'link'));
      const target = newFolder();
      const progress = progressRecorder();
      await volume.cloneFolder(source, target, progress.report);
      progress.check();
      const copy = volume.folderPath(target);
      assert.deepEqual(await treeDigest(copy), await treeDigest(root));
      assert.equal((await volume.folderUsage(target)).limitBytes, 64 * MiB);
      assertBytes((await volume.folderUsage(target)).usedBytes, 64 * KiB + 100 + 32 * KiB);
      await writeFile(join(copy, 'a.bin'), 'changed in the copy');
      await writeFile(join(copy, 'new.txt'), 'only in the copy');
      assert.equal((await lstat(join(root, 'a.bin'))).size, 64 * KiB, 'the source is unchanged');
      await assert.rejects(lstat(join(root, 'new.txt')), { code: 'ENOENT' });
      const sameScope = newFolder(source.scope);
      await volume.cloneFolder(source, sameScope);
      assert.deepEqual(await treeDigest(volume.folderPath(sameScope)), await treeDigest(root));
    });

    it('refuses a clone onto an existing folder or from a missing one, touching neither', async () => {
      const source = newFolder();
      const existing = newFolder();
      await volume.createFolder(source, {});
      await volume.createFolder(existing, { quotaBytes: 8 * MiB });
      await writeFiles(volume.folderPath(source), { 'a.bin': 4 * KiB });
      await writeFile(join(volume.folderPath(existing), 'mine.txt'), 'mine');
      await assertRefused(volume.cloneFolder(source, existing), 'folder-exists', existing.folderId);
      assert.deepEqual(await visibleEntries(volume.folderPath(existing)), ['mine.txt']);
      assert.equal((await volume.folderUsage(existing)).limitBytes, 8 * MiB);
      const missing = newFolder();
      const target = newFolder();
      await assertRefused(volume.cloneFolder(missing, target), 'folder-not-found', missing.folderId);
      await assert.rejects(lstat(volume.folderPath(target)), { code: 'ENOENT' });
    });

    it('refuses to measure or limit a missing folder (folder-not-found)', async () => {
      const missing = newFolder();
      await assertRefused(volume.folderUsage(missing), 'folder-not-found', missing.folderId);
      await assertRefused(volume.setFolderQuota(missing, MiB), 'folder-not-found', missing.folderId);
    });

    it('refuses malformed scopes, folder ids and limits, naming the argument', async () => {
      const folder = newFolder();
      const bad = (change: { scope?: unknown; folderId?: unknown }) =>
        ({ ...folder, ...change }) as FolderRef;
      const refusals: Array<[string, () => Promise<unknown>, string]> = [
        [
          'a scope type',
          () => volume.createFolder(bad({ scope: { type: 'group', id: randomUUID() } }), {}),
          'scope.type',
        ],
        [
          'a traversing scope id',
          () => volume.createFolder(bad({ scope: { type: 'user', id: '../../etc' } }), {}),
          'scope.id',
        ],
        ['a traversing folder id', () => volume.createFolder(bad({ folderId: '../..' }), {}), 'folderId'],
        [
          'a folder id with a separator',
          () => volume.folderUsage(bad({ folderId: `${randomUUID()}/x` })),
          'folderId',
        ],
        ['a negative quota', () => volume.createFolder(folder, { quotaBytes: -1 }), 'quotaBytes'],
        ['a fractional quota', () => volume.createFolder(folder, { quotaBytes: 1.5 }), 'quotaBytes'],
        [
          'a quota as text',
          () => volume.createFolder(folder, { quotaBytes: '10' as unknown as number }),
          'quotaBytes',
        ],
        ['a zero folder limit', () => volume.setFolderQuota(folder, 0), 'limitBytes'],
        ['a NaN scope limit', () => volume.setScopeQuota(folder.scope, Number.NaN), 'limitBytes'],
        [
          'a bad scope to limit',
          () => volume.setScopeQuota(bad({ scope: { type: 'user', id: 'x' } }).scope, null),
          'scope.id',
        ],
        [
          'a bad clone target',
          () => volume.cloneFolder(folder, bad({ folderId: 'nope' })),
          'target.folderId',
        ],
      ];
      for (const [what, attempt, field] of refusals)
        await assertRefused(attempt(), 'invalid-argument', field, `${what} is refused`);
      assert.throws(
        () => volume.folderPath(bad({ folderId: '../../../tmp' })),
        (error: Error & { code?: string }) =>
          error.code === 'invalid-argument' && error.message.includes('folderId'),
      );
      await assert.rejects(lstat(volume.folderPath(folder)), { code: 'ENOENT' }, 'nothing was created');
    });

    it('refuses volume configs it cannot serve, naming the option or the path', async () => {
      const { config, backend } = subject;
      await assertOpenRefused(
        backend,
        { ...config, options: { ...config.options, noSuchOption: 1 } },
        'noSuchOption',
      );
      await assertOpenRefused(backend, { ...config, path: 'relative/path' }, 'path');
      const missing = join(config.path, 'no', 'such', 'directory');
      await assertOpenRefused(backend, { ...config, path: missing }, missing);
      for (const [option, value] of Object.entries(subject.invalidOptions ?? {}))
        await assertOpenRefused(
          backend,
          { ...config, options: { ...config.options, [option]: value } },
          option,
        );
    });

    it('keeps folders, contents and limits when the volume is opened again', async () => {
      const folder = newFolder();
      await volume.createFolder(folder, { quotaBytes: 48 * MiB });
      await volume.setScopeQuota(folder.scope, 96 * MiB);
      await writeFile(join(volume.folderPath(folder), 'kept.txt'), 'kept');
      await volume.close();
      volume = await subject.backend.open(subject.config);
      assert.equal(await readFile(join(volume.folderPath(folder), 'kept.txt'), 'utf8'), 'kept');
      assert.equal((await volume.folderUsage(folder)).limitBytes, 48 * MiB);
      assert.equal((await volume.scopeUsage(folder.scope))?.limitBytes, 96 * MiB);
    });

    it('stops writes past a folder limit in the kernel, keeping what was written (kernelQuota)', async function () {
      if (!volume.capabilities().kernelQuota) this.skip(); // skipped: the backend does not enforce limits in the kernel
      this.timeout(Math.max(this.timeout(), 30_000));
      const folder = newFolder();
      await volume.createFolder(folder, { quotaBytes: 4 * MiB });
      const root = volume.folderPath(folder);
      const kept = await writeFiles(root, { 'kept.bin': MiB });
      const written = await writeUntilRefused(join(root, 'big.bin'), 16 * MiB);
      assert.ok(
        written.error,
        `writing 16 MiB into a 4 MiB folder was refused (wrote ${written.bytes} bytes)`,
      );
      assert.ok(isOutOfSpace(written.error), `refused with ${written.error.code} (${written.error.message})`);
      assert.ok(written.bytes < 4 * MiB, `${written.bytes} bytes went in before the refusal`);
      assert.equal(sha256(await readFile(join(root, 'kept.bin'))), kept.digests['kept.bin']);
      await volume.setFolderQuota(folder, null);
      const again = await writeUntilRefused(join(root, 'after.bin'), 8 * MiB);
      assert.equal(again.error, undefined, 'with the limit removed the same write goes through');
    });
  });
}

function newScope(): QuotaScope {
  return { type: Math.random() < 0.5 ? 'user' : 'project', id: randomUUID() };
}

function newFolder(scope: QuotaScope = newScope()): FolderRef {
  return { scope, folderId: randomUUID() };
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !path.startsWith(sep);
}

/** Entries of a folder's root other than the proxy's staging directory. */
async function visibleEntries(path: string): Promise<string[]> {
  return (await readdir(path)).filter((name) => name !== '.upload').sort();
}

/** Writes random (incompressible) files of the given sizes; answers their total size and digests. */
async function writeFiles(
  root: string,
  files: Record<string, number>,
): Promise<{ bytes: number; digests: Record<string, string> }> {
  const digests: Record<string, string> = {};
  let bytes = 0;
  for (const [path, size] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(join(target, '..'), { recursive: true });
    const content = randomBytes(size);
    await writeFile(target, content);
    digests[path] = sha256(content);
    bytes += size;
  }
  return { bytes, digests };
}

/** Appends 256 KiB chunks (synced) until `limit` bytes are in or the filesystem refuses one. */
async function writeUntilRefused(
  path: string,
  limit: number,
): Promise<{ bytes: number; error?: NodeJS.ErrnoException }> {
  const handle = await open(path, 'w');
  let bytes = 0;
  try {
    while (bytes < limit) {
      const { bytesWritten } = await handle.write(randomBytes(256 * KiB));
      bytes += bytesWritten;
      await handle.sync();
    }
    return { bytes };
  } catch (error) {
    return { bytes, error: error as NodeJS.ErrnoException };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Every entry under `root` (but `.upload`), with its type and content digest or link target. */
async function treeDigest(root: string, prefix = ''): Promise<string[]> {
  const lines: string[] = [];
  for (const name of (await readdir(join(root, prefix))).sort()) {
    const path = join(prefix, name);
    if (path === '.upload') continue;
    const stats = await lstat(join(root, path));
    if (stats.isDirectory()) lines.push(`dir ${path}`, ...(await treeDigest(root, path)));
    else if (stats.isSymbolicLink()) lines.push(`link ${path} -> ${await readlink(join(root, path))}`);
    else lines.push(`file ${path} ${sha256(await readFile(join(root, path)))}`);
  }
  return lines;
}

/** EDQUOT (libuv has no name for it: "Unknown system error -122") or ENOSPC. */
function isOutOfSpace(error: NodeJS.ErrnoException): boolean {
  const errno = Math.abs(error.errno ?? 0);
  return (
    error.code === 'EDQUOT' ||
    error.code === 'ENOSPC' ||
    errno === constants.errno.EDQUOT ||
    errno === constants.errno.ENOSPC
  );
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function assertBytes(used: number, written: number): void {
  assert.ok(Number.isSafeInteger(used), `usedBytes ${used} is a whole number`);
  assert.ok(used >= written, `usedBytes ${used} covers the ${written} bytes written`);
  assert.ok(used <= written + USAGE_SLACK, `usedBytes ${used} is not far above the ${written} bytes written`);
}

/** No files, next to no bytes (a filesystem may count a directory's own blocks), and this limit. */
function assertEmpty(usage: StorageUsage | null, limitBytes: number | null): void {
  assert.ok(usage, 'there is a usage');
  assertBytes(usage.usedBytes, 0);
  assert.equal(usage.fileCount, 0, 'no files');
  assert.equal(usage.limitBytes, limitBytes, 'limitBytes');
}

/** Records progress reports; `check` asserts there was one and that totals never went down. */
function progressRecorder() {
  const reports: Array<{ bytes: number; files: number }> = [];
  return {
    report: (done: { bytes: number; files: number }) => reports.push({ ...done }),
    check() {
      assert.ok(reports.length > 0, 'progress was reported');
      let previous = { bytes: 0, files: 0 };
      for (const report of reports) {
        assert.ok(
          Number.isSafeInteger(report.bytes) && report.bytes >= previous.bytes,
          'bytes never decrease',
        );
        assert.ok(
          Number.isSafeInteger(report.files) && report.files >= previous.files,
          'files never decrease',
        );
        previous = report;
      }
    },
  };
}

async function assertRefused(
  work: Promise<unknown>,
  code: string,
  mentions: string,
  what = '',
): Promise<void> {
  await assert.rejects(work, (error: Error & { code?: string }) => {
    assert.equal(error.code, code, `${what}: code of "${error.message}"`);
    assert.ok(error.message.includes(mentions), `${what}: "${error.message}" names ${mentions}`);
    return true;
  });
}

async function assertOpenRefused(
  backend: StorageBackend,
  config: VolumeConfig,
  mentions: string,
): Promise<void> {
  let opened: StorageVolume | undefined;
  await assert.rejects(
    (async () => {
      opened = await backend.open(config);
    })(),
    (error: Error) => {
      assert.ok(error.message.includes(mentions), `"${error.message}" names ${mentions}`);
      return true;
    },
  );
  await opened?.close();
}
