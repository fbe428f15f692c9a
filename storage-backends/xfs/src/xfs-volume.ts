import type {
  FolderRef,
  QuotaScope,
  StorageProgress,
  StorageUsage,
  StorageVolume,
  VolumeCapabilities,
  VolumeCapacity,
} from '@tessera/core';
import {
  checkLimit,
  copyTree,
  ensureFitsScope,
  filesystemCapacity,
  isDirectory,
  makeFolderDirectory,
  pathExists,
  ProgressReporter,
  removeTree,
  StorageErrors,
  VolumeLayout,
  VolumeMetadata,
} from '@tessera/storage-backend-vfs';
import type { ProjectIds } from './project-ids';
import type { ProjectQuota } from './quota-report';
import type { XfsCommands } from './xfs-commands';

/**
 * An XFS volume mounted with project quotas: each folder is a directory with a project id of its
 * own whose hard block limit is the folder's limit, so the kernel stops writes past it (from
 * kernels' containers too). Projects are flat, so a quota scope's limit is a record the storage
 * proxy enforces at upload time, not the kernel. Usage (bytes and inodes) comes from the quota
 * report; limits are also kept in metadata, so they read back exactly as set (XFS rounds them to
 * its block size). Clones are copies.
 */
export class XfsVolume implements StorageVolume {
  readonly backend = 'xfs';
  private readonly layout: VolumeLayout;
  private readonly metadata: VolumeMetadata;

  constructor(
    readonly mountPath: string,
    private readonly xfs: XfsCommands,
    private readonly projects: ProjectIds,
  ) {
    this.layout = new VolumeLayout(mountPath);
    this.metadata = new VolumeMetadata(this.layout);
  }

  capabilities(): VolumeCapabilities {
    return { kernelQuota: true, fastUsage: true, snapshotClone: false };
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
    const [ids, report, record] = await Promise.all([
      this.projects.ofScope(scope),
      this.xfs.report(),
      this.metadata.readScope(scope),
    ]);
    const usage = { usedBytes: 0, fileCount: 0, limitBytes: record?.limitBytes ?? null };
    for (const id of ids) {
      const project = usageOf(report.get(id));
      usage.usedBytes += project.usedBytes;
      usage.fileCount += project.fileCount;
    }
    return usage;
  }

  async createFolder(folder: FolderRef, options: { quotaBytes?: number | null } = {}): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const limit = checkLimit(options?.quotaBytes, 'quotaBytes');
    await makeFolderDirectory(directory, folder);
    try {
      await this.giveProject(folder, directory, limit);
    } catch (error) {
      await this.forget(folder, directory);
      throw error;
    }
  }

  async deleteFolder(folder: FolderRef, progress?: StorageProgress): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const reporter = new ProgressReporter(progress);
    if (await pathExists(directory)) await this.forget(folder, directory, reporter);
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
      // The project first: what is copied in inherits it and counts against the limit.
      await this.giveProject(target, to, sourceUsage.limitBytes);
      await copyTree(from, to, reporter);
    } catch (error) {
      await this.forget(target, to);
      throw error;
    }
    reporter.finish();
  }

  async setFolderQuota(folder: FolderRef, limitBytes: number | null): Promise<void> {
    const directory = this.layout.folderDir(folder);
    const limit = checkLimit(limitBytes, 'limitBytes');
    if (!(await isDirectory(directory))) throw StorageErrors.folderNotFound(folder);
    const id = await this.projects.find(folder);
    // A folder made by another backend (a directory without a project) is given one now.
    if (id === null) return this.giveProject(folder, directory, limit);
    await this.xfs.limitProject(id, limit);
    await this.writeLimit(folder, limit);
  }

  async folderUsage(folder: FolderRef): Promise<StorageUsage> {
    const directory = this.layout.folderDir(folder);
    if (!(await isDirectory(directory))) throw StorageErrors.folderNotFound(folder);
    const [id, record] = await Promise.all([this.projects.find(folder), this.metadata.readFolder(folder)]);
    const project = id === null ? undefined : (await this.xfs.report()).get(id);
    return { ...usageOf(project), limitBytes: record?.limitBytes ?? null };
  }

  folderPath(folder: FolderRef): string {
    return this.layout.folderDir(folder);
  }

  async close(): Promise<void> {}

  /** Allocates a project id for the folder, tags its tree with it and sets its limit. */
  private async giveProject(folder: FolderRef, directory: string, limit: number | null): Promise<void> {
    const report = await this.xfs.report();
    const id = await this.projects.allocate(folder, report.keys());
    // A reused id may still carry the limit of the folder that had it.
    await this.xfs.limitProject(id, limit);
    await this.xfs.setupProject(directory, id);
    await this.writeLimit(folder, limit);
  }

  /** Removes the folder's tree, then its project's limit, its id and its metadata. */
  private async forget(folder: FolderRef, directory: string, reporter = new ProgressReporter(undefined)) {
    await removeTree(directory, reporter);
    const id = await this.projects.find(folder);
    if (id !== null) {
      await this.xfs.limitProject(id, null);
      await this.projects.release(folder);
    }
    await this.metadata.removeFolder(folder);
  }

  private async writeLimit(folder: FolderRef, limit: number | null): Promise<void> {
    if (limit === null) await this.metadata.removeFolder(folder);
    else await this.metadata.writeFolder(folder, { limitBytes: limit });
  }
}

/** A project's usage; the project's root directory is not counted as a file. */
function usageOf(project: ProjectQuota | undefined): { usedBytes: number; fileCount: number } {
  if (!project) return { usedBytes: 0, fileCount: 0 };
  return { usedBytes: project.usedBytes, fileCount: Math.max(0, project.inodes - 1) };
}
