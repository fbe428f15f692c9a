import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

export interface VolumeCapabilities {
  quota: boolean;
  fastSize: boolean;
  clone: boolean;
}

export interface FolderUsage {
  fileCount: number;
  usedBytes: number;
}

/**
 * storage-backend/v1: one kind of volume a storage proxy serves (vfs, btrfs, a vendor API).
 * Folder ids are UUIDs; `createFolder` with a quota enforces it when `capabilities().quota` is
 * true. Every method is idempotent for an id that is already in the requested state.
 */
export interface StorageBackend {
  readonly name: string;
  capabilities(): VolumeCapabilities;
  createFolder(folderId: string, options: { quotaBytes?: number }): Promise<void>;
  deleteFolder(folderId: string): Promise<void>;
  setQuota(folderId: string, quotaBytes: number | null): Promise<void>;
  usage(folderId: string): Promise<FolderUsage>;
  /** Absolute host path of the folder, for agents that mount it. */
  mountPath(folderId: string): string;
}
export const StorageBackendRegistry = contractToken<NamedRegistry<StorageBackend>>('storage-backend');
