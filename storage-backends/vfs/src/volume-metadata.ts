import { mkdir } from 'node:fs/promises';
import type { FolderRef, QuotaScope } from '@tessera/core';
import { readJsonFile, removeJsonFile, writeJsonFile } from './json-file';
import { checkLimit } from './storage-arguments';
import type { VolumeLayout } from './volume-layout';

/** What a volume remembers about a scope or a folder; backends may add fields of their own. */
export interface LimitRecord {
  limitBytes: number | null;
}

/**
 * Limits (and backend extras) of scopes and folders, one small JSON file each under
 * `<mount>/.tessera/`, so they survive restarts of the proxy and stay with the volume.
 */
export class VolumeMetadata<
  Scope extends LimitRecord = LimitRecord,
  Folder extends LimitRecord = LimitRecord,
> {
  constructor(private readonly layout: VolumeLayout) {}

  readScope(scope: QuotaScope): Promise<Scope | null> {
    return readJsonFile<Scope>(this.layout.scopeMetadataPath(scope));
  }

  writeScope(scope: QuotaScope, record: Scope): Promise<void> {
    return writeJsonFile(this.layout.scopeMetadataPath(scope), record);
  }

  /**
   * A volume's `setScopeQuota` when the file system does not hold scope limits itself (the proxy
   * and the backend enforce the recorded one): creates the scope's directory and records `limitBytes`.
   */
  async recordScopeLimit(
    this: VolumeMetadata<LimitRecord, Folder>,
    scope: QuotaScope,
    limitBytes: number | null,
  ): Promise<void> {
    const limit = checkLimit(limitBytes, 'limitBytes');
    await mkdir(this.layout.scopeDir(scope), { recursive: true, mode: 0o755 });
    await this.writeScope(scope, { limitBytes: limit });
  }

  readFolder(folder: FolderRef): Promise<Folder | null> {
    return readJsonFile<Folder>(this.layout.folderMetadataPath(folder));
  }

  writeFolder(folder: FolderRef, record: Folder): Promise<void> {
    return writeJsonFile(this.layout.folderMetadataPath(folder), record);
  }

  removeFolder(folder: FolderRef): Promise<void> {
    return removeJsonFile(this.layout.folderMetadataPath(folder));
  }
}
