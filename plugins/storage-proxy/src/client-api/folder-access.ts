import type { FolderRef } from '@tessera/core';
import type { FileOwner } from '../fs/folder-root';
import { ProxyErrors } from '../proxy-errors';
import type { VolumeSet } from '../volume-set';

/** Where a folder is on the host, and how the proxy writes there. */
export interface FolderLocation {
  path: string;
  /** Who owns what the proxy creates in the folder; null: the proxy's own user. */
  owner: FileOwner | null;
  /** The kernel enforces the folder's limit (the proxy need not check room before writing). */
  kernelQuota: boolean;
}

/**
 * What uploads and downloads need of the proxy's volumes. The volumes (storage-backend plugins)
 * live on the main thread; the client API, on its own thread, reaches them through this.
 */
export interface FolderAccess {
  /** Refused with 404 volume-not-found for a volume this proxy does not serve. */
  locate(volume: string, folder: FolderRef): Promise<FolderLocation>;
  /** Refused with 413 quota-exceeded when `bytes` more would pass the folder's or its scope's limit. */
  checkRoom(volume: string, folder: FolderRef, bytes: number): Promise<void>;
}

/** The access the main thread answers with, over its open volumes. */
export function volumeSetAccess(volumes: VolumeSet): FolderAccess {
  return {
    async locate(volume, folder) {
      const served = volumes.require(volume);
      return {
        path: served.volume.folderPath(folder),
        owner: served.owner,
        kernelQuota: served.volume.capabilities().kernelQuota,
      };
    },
    async checkRoom(volume, folder, bytes) {
      const { volume: opened } = volumes.require(volume);
      const usage = await opened.folderUsage(folder);
      if (usage.limitBytes !== null && usage.usedBytes + bytes > usage.limitBytes) {
        throw ProxyErrors.quotaExceeded(
          `The folder's quota is exceeded: ${usage.usedBytes} of ${usage.limitBytes} bytes used, ${bytes} more requested`,
          { used_bytes: usage.usedBytes, limit_bytes: usage.limitBytes },
        );
      }
      const scope = await opened.scopeUsage(folder.scope);
      if (scope && scope.limitBytes !== null && scope.usedBytes + bytes > scope.limitBytes) {
        throw ProxyErrors.quotaExceeded(
          `The quota scope's limit is exceeded: ${scope.usedBytes} of ${scope.limitBytes} bytes used, ${bytes} more requested`,
          { used_bytes: scope.usedBytes, limit_bytes: scope.limitBytes },
        );
      }
    },
  };
}
