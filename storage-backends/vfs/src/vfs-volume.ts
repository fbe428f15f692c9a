import type {
  FolderRef,
  Logger,
  QuotaScope,
  StorageProgress,
  StorageUsage,
  StorageVolume,
  VolumeCapabilities,
  VolumeCapacity,
} from '@tessera/core';
import { filesystemCapacity, isDirectory, makeFolderDirectory, pathExists } from './directories';
import { ProgressReporter } from './progress-reporter';
import { ensureFitsScope } from './scope-limit';
import { checkLimit } from './storage-arguments';
import { StorageErrors } from './storage-errors';
import { copyTree } from './tree-copy';
import { removeTree } from './tree-remove';
import { TreeUsageCache } from './tree-usage-cache';
import { VolumeLayout } from './volume-layout';
import { VolumeMetadata } from './volume-metadata';

/** How a vfs volume measures usage (plugin config, overridable per volume). */
export interface VfsVolumeSettings {
  /** A usage scan stops after this many entries; the result is then a lower bound. */
  usageScanLimit: number;
  /** How long a measured usage is reused, in seconds. */
  usageCacheSeconds: number;
}

/**
 * A volume of plain directories (local disk, NFS, SMB). Limits are records the storage proxy
 * enforces when it receives uploads; nothing stops a kernel from writing past them. Usage is a
 * bounded, cached walk of the tree.
 */
export class VfsVolume implements StorageVolume {
  readonly backend = 'vfs';
  private readonly layout: VolumeLayout;
  private readonly metadata: VolumeMetadata;
  private readonly usage: TreeUsageCache;

  constructor(
    readonly mountPath: string,
    settings: VfsVolumeSettings,
    private readonly log?: Logger,
  ) {
    this.layout = new VolumeLayout(mountPath);
    this.metadata = new VolumeMetadata(this.layout);
    this.usage = new TreeUsageCache({
      maxEntries: settings.usageScanLimit,
      ttlMs: settings.usageCacheSeconds * 1000,
    });
  }

  capabilities(): VolumeCapabilities {
    return { kernelQuota: false, fastUsage: false, snapshotClone: false };
  }

  capacity(): Promise<VolumeCapacity> {
    return filesystemCapacity(this.mountPath);
  }

  setScopeQuota(scope: QuotaScope, limitBytes: number | null): Promise<void> {
    return this.metadata.recordScopeLimit(scope, limitBytes);
  }

  async scopeUsage(scope: QuotaScope): Promise<StorageUsage | null> {
    const directory = this.layout.scopeDir(scope);
    if (!(await isDirectory(directory))) return null;
    const [totals, record] = await Promise.all([this.measure(directory), this.metadata.readScope(scope)]);
    return { usedBytes: totals.bytes, fileCount: totals.files, limitBytes: record?.limitBytes ?? null };
  }

  async createFolder(folder: FolderRef, options: { quotaBytes?: number | null } = {}): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const limit = checkLimit(options?.quotaBytes, 'quotaBytes');
    await makeFolderDirectory(directory, folder);
    if (limit === null) await this.metadata.removeFolder(folder);
    else await this.metadata.writeFolder(folder, { limitBytes: limit });
    this.usage.invalidate(directory);
  }

  async deleteFolder(folder: FolderRef, progress?: StorageProgress): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const reporter = new ProgressReporter(progress);
    try {
      await removeTree(directory, reporter);
      await this.metadata.removeFolder(folder);
    } finally {
      this.usage.invalidate(directory);
    }
    reporter.finish();
  }

  async cloneFolder(source: FolderRef, target: FolderRef, progress?: StorageProgress): Promise<void> {
    const from = this.layout.folderDir(source, 'source');
    const to = this.layout.folderDir(target, 'target');
    if (!(await isDirectory(from))) throw StorageErrors.folderNotFound(source);
    if (await pathExists(to)) throw StorageErrors.folderExists(target);
    const sourceUsage = await this.folderUsage(source);
    ensureFitsScope(target.scope, await this.scopeUsage(target.scope), sourceUsage.usedBytes);
    await makeFolderDirectory(to, target);
    const reporter = new ProgressReporter(progress);
    try {
      if (sourceUsage.limitBytes !== null)
        await this.metadata.writeFolder(target, { limitBytes: sourceUsage.limitBytes });
      await copyTree(from, to, reporter);
    } catch (error) {
      // No half-made folder stays behind.
      await removeTree(to, new ProgressReporter(undefined)).catch(() => undefined);
      await this.metadata.removeFolder(target).catch(() => undefined);
      throw error;
    } finally {
      this.usage.invalidate(to);
    }
    reporter.finish();
  }

  async setFolderQuota(folder: FolderRef, limitBytes: number | null): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const limit = checkLimit(limitBytes, 'limitBytes');
    if (!(await isDirectory(directory))) throw StorageErrors.folderNotFound(folder);
    if (limit === null) await this.metadata.removeFolder(folder);
    else await this.metadata.writeFolder(folder, { limitBytes: limit });
  }

  async folderUsage(folder: FolderRef): Promise<StorageUsage> {
    const directory = this.layout.folderDir(folder);
    if (!(await isDirectory(directory))) throw StorageErrors.folderNotFound(folder);
    const [totals, record] = await Promise.all([this.measure(directory), this.metadata.readFolder(folder)]);
    return { usedBytes: totals.bytes, fileCount: totals.files, limitBytes: record?.limitBytes ?? null };
  }

  folderPath(folder: FolderRef): string {
    return this.layout.folderDir(folder);
  }

  async close(): Promise<void> {
    this.usage.clear();
  }

  private async measure(directory: string) {
    const totals = await this.usage.measure(directory);
    if (totals.truncated)
      this.log?.warn('usage scan stopped at its entry limit; usage is a lower bound', {
        path: directory,
        usedBytes: totals.bytes,
        fileCount: totals.files,
      });
    return totals;
  }
}
