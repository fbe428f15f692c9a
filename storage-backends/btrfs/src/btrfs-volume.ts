import { mkdir, stat } from 'node:fs/promises';
import {
  TesseraError,
  type FolderRef,
  type Logger,
  type QuotaScope,
  type StorageProgress,
  type StorageUsage,
  type StorageVolume,
  type VolumeCapabilities,
  type VolumeCapacity,
} from '@tessera/core';
import {
  checkLimit,
  ensureFitsScope,
  filesystemCapacity,
  isDirectory,
  makeParents,
  pathExists,
  ProgressReporter,
  removeTree,
  StorageErrors,
  TreeUsageCache,
  VolumeLayout,
} from '@tessera/storage-backend-vfs';
import { BtrfsCommandError, type BtrfsCommands } from './btrfs-commands';
import type { QgroupMap } from './qgroup-map';
import type { QgroupRow } from './qgroup-table';

/** The inode number of every btrfs subvolume's root directory. */
const SUBVOLUME_ROOT_INODE = 256;

export interface BtrfsVolumeSettings {
  /** File counts come from a bounded scan (qgroups count bytes only); it stops after this many entries. */
  usageScanLimit: number;
  /** How long a file count is reused, in seconds. */
  usageCacheSeconds: number;
}

/**
 * A btrfs volume: each folder a subvolume whose qgroup (`0/<subvolume id>`) carries the folder's
 * limit, each quota scope a directory plus a level-1 qgroup (`1/<n>`) holding its folders'
 * qgroups and the scope's limit, so the kernel stops writes at either limit, from a kernel's
 * container as from the proxy. Bytes come from qgroup accounting; file counts from a bounded
 * scan. Clones are snapshots.
 */
export class BtrfsVolume implements StorageVolume {
  readonly backend = 'btrfs';
  private readonly layout: VolumeLayout;
  private readonly files: TreeUsageCache;

  constructor(
    readonly mountPath: string,
    private readonly btrfs: BtrfsCommands,
    private readonly qgroups: QgroupMap,
    settings: BtrfsVolumeSettings,
    private readonly log?: Logger,
  ) {
    this.layout = new VolumeLayout(mountPath);
    this.files = new TreeUsageCache({
      maxEntries: settings.usageScanLimit,
      ttlMs: settings.usageCacheSeconds * 1000,
    });
  }

  capabilities(): VolumeCapabilities {
    return { kernelQuota: true, fastUsage: true, snapshotClone: true };
  }

  capacity(): Promise<VolumeCapacity> {
    return filesystemCapacity(this.mountPath);
  }

  async setScopeQuota(scope: QuotaScope, limitBytes: number | null): Promise<void> {
    const directory = this.layout.scopeDir(scope);
    const limit = checkLimit(limitBytes, 'limitBytes');
    await mkdir(directory, { recursive: true, mode: 0o755 });
    const qgroup = await this.qgroups.ensure(scope);
    await this.btrfs.qgroupLimit(qgroup, limit, this.mountPath);
  }

  async scopeUsage(scope: QuotaScope): Promise<StorageUsage | null> {
    const directory = this.layout.scopeDir(scope);
    if (!(await isDirectory(directory))) return null;
    const qgroup = await this.qgroups.find(scope);
    const [row, files] = await Promise.all([
      qgroup ? this.qgroupRow(qgroup) : Promise.resolve(undefined),
      this.files.measure(directory),
    ]);
    return {
      usedBytes: row?.referenced ?? files.bytes,
      fileCount: files.files,
      limitBytes: row?.maxReferenced ?? null,
    };
  }

  async createFolder(folder: FolderRef, options: { quotaBytes?: number | null } = {}): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const limit = checkLimit(options?.quotaBytes, 'quotaBytes');
    const scopeQgroup = await this.qgroups.ensure(folder.scope);
    await makeParents(directory);
    if (await pathExists(directory)) throw StorageErrors.folderExists(folder);
    try {
      await this.btrfs.subvolumeCreate(directory, scopeQgroup);
    } catch (error) {
      if (error instanceof BtrfsCommandError && /exists/i.test(error.stderr))
        throw StorageErrors.folderExists(folder);
      throw error;
    }
    this.files.invalidate(directory);
    if (limit === null) return;
    try {
      await this.btrfs.qgroupLimit(`0/${await this.btrfs.subvolumeId(directory)}`, limit, this.mountPath);
    } catch (error) {
      await this.btrfs.subvolumeDelete(directory).catch(() => undefined);
      throw error;
    }
  }

  async deleteFolder(folder: FolderRef, progress?: StorageProgress): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const reporter = new ProgressReporter(progress);
    if (!(await isDirectory(directory))) {
      reporter.finish();
      return;
    }
    try {
      if (!(await this.isSubvolume(directory))) {
        // Not made by this backend (a plain directory): remove it as vfs would.
        await removeTree(directory, reporter);
      } else {
        const usage = await this.folderUsage(folder);
        const qgroup = `0/${await this.btrfs.subvolumeId(directory)}`;
        await this.btrfs.subvolumeDelete(directory);
        reporter.add(usage.usedBytes, usage.fileCount);
        // The kernel drops the qgroup's extents when its cleaner gets to them; until then the
        // qgroup cannot be destroyed. A leftover empty qgroup is harmless (ids are not reused).
        await this.btrfs.qgroupDestroy(qgroup, this.mountPath).catch((error: unknown) =>
          this.log?.debug('qgroup of a deleted folder not destroyed yet', {
            qgroup,
            reason: error instanceof Error ? error.message : String(error),
          }),
        );
      }
    } finally {
      this.files.invalidate(directory);
    }
    reporter.finish();
  }

  async cloneFolder(source: FolderRef, target: FolderRef, progress?: StorageProgress): Promise<void> {
    const from = this.layout.folderDir(source, 'source');
    const to = this.layout.folderDir(target, 'target');
    if (!(await isDirectory(from))) throw StorageErrors.folderNotFound(source);
    if (await pathExists(to)) throw StorageErrors.folderExists(target);
    const sourceUsage = await this.folderUsage(source);
    // A snapshot in the same scope shares its extents with the source: the scope does not grow.
    if (this.layout.scopeDir(source.scope) !== this.layout.scopeDir(target.scope))
      ensureFitsScope(target.scope, await this.scopeUsage(target.scope), sourceUsage.usedBytes);
    const scopeQgroup = await this.qgroups.ensure(target.scope);
    await makeParents(to);
    try {
      await this.btrfs.subvolumeSnapshot(from, to, scopeQgroup);
    } catch (error) {
      if (error instanceof BtrfsCommandError && /exists/i.test(error.stderr))
        throw StorageErrors.folderExists(target);
      throw error;
    }
    this.files.invalidate(to);
    try {
      const qgroup = `0/${await this.btrfs.subvolumeId(to)}`;
      await this.btrfs.qgroupLimit(qgroup, sourceUsage.limitBytes, this.mountPath);
    } catch (error) {
      await this.btrfs.subvolumeDelete(to).catch(() => undefined);
      throw error;
    }
    const reporter = new ProgressReporter(progress);
    reporter.add(sourceUsage.usedBytes, sourceUsage.fileCount);
    reporter.finish();
  }

  async setFolderQuota(folder: FolderRef, limitBytes: number | null): Promise<void> {
    const limit = checkLimit(limitBytes, 'limitBytes');
    const qgroup = await this.folderQgroup(folder);
    await this.btrfs.qgroupLimit(qgroup, limit, this.mountPath);
  }

  async folderUsage(folder: FolderRef): Promise<StorageUsage> {
    const qgroup = await this.folderQgroup(folder);
    const [row, files] = await Promise.all([
      this.qgroupRow(qgroup),
      this.files.measure(this.layout.folderDir(folder)),
    ]);
    return {
      usedBytes: row?.referenced ?? 0,
      fileCount: files.files,
      limitBytes: row?.maxReferenced ?? null,
    };
  }

  folderPath(folder: FolderRef): string {
    return this.layout.folderDir(folder);
  }

  async close(): Promise<void> {
    this.files.clear();
  }

  /** The folder's own qgroup, `0/<subvolume id>`; `folder-not-found` when it does not exist. */
  private async folderQgroup(folder: FolderRef): Promise<string> {
    const directory = this.layout.folderDir(folder);
    if (!(await isDirectory(directory))) throw StorageErrors.folderNotFound(folder);
    if (!(await this.isSubvolume(directory)))
      throw TesseraError.internal(
        `folder ${folder.folderId} at ${directory} is a plain directory, not a btrfs subvolume: it has no limit or accounting of its own`,
      );
    return `0/${await this.btrfs.subvolumeId(directory)}`;
  }

  private async isSubvolume(directory: string): Promise<boolean> {
    return (await stat(directory)).ino === SUBVOLUME_ROOT_INODE;
  }

  /**
   * A qgroup's current numbers. Accounting is updated when a transaction commits, so the
   * filesystem is synced first; when btrfs says its numbers are inconsistent (after some
   * snapshots), a rescan is run and waited for.
   */
  private async qgroupRow(qgroup: string): Promise<QgroupRow | undefined> {
    await this.btrfs.sync(this.mountPath);
    let table = await this.btrfs.qgroupShow(this.mountPath);
    if (table.inconsistent) {
      this.log?.info('qgroup accounting inconsistent, rescanning', { path: this.mountPath });
      await this.btrfs.quotaRescan(this.mountPath);
      table = await this.btrfs.qgroupShow(this.mountPath);
    }
    return table.rows.get(qgroup);
  }
}
