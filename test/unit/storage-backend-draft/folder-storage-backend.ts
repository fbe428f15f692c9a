import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TesseraError, type FolderUsage, type StorageBackend, type VolumeCapabilities } from '@tessera/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A reference storage-backend/v1 for proving the draft conformance suite: every folder is a
 * directory `<root>/<folder id>` on the local file system, like Backend.AI's vfs without quotas.
 * Test code only; the real vfs backend is a later issue.
 */
export class FolderStorageBackend implements StorageBackend {
  readonly name = 'folder-reference';

  constructor(private readonly root: string) {}

  capabilities(): VolumeCapabilities {
    return { quota: false, fastSize: false, clone: false };
  }

  async createFolder(folderId: string): Promise<void> {
    await mkdir(this.mountPath(folderId), { recursive: true });
  }

  async deleteFolder(folderId: string): Promise<void> {
    await rm(this.mountPath(folderId), { recursive: true, force: true });
  }

  async setQuota(): Promise<void> {
    throw new TesseraError('invalid-api-params', 'This volume does not support quotas', {
      backend: this.name,
    });
  }

  async usage(folderId: string): Promise<FolderUsage> {
    return usageOf(this.mountPath(folderId));
  }

  mountPath(folderId: string): string {
    if (!UUID.test(folderId)) {
      throw new TesseraError('invalid-api-params', 'A folder id is a UUID', { folderId });
    }
    return join(this.root, folderId.toLowerCase());
  }
}

/** Files (not directories) under `path` and their apparent sizes, as Backend.AI's vfs counts them. */
export async function usageOf(path: string): Promise<FolderUsage> {
  const usage: FolderUsage = { fileCount: 0, usedBytes: 0 };
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      const nested = await usageOf(child);
      usage.fileCount += nested.fileCount;
      usage.usedBytes += nested.usedBytes;
    } else {
      usage.fileCount += 1;
      usage.usedBytes += (await stat(child)).size;
    }
  }
  return usage;
}
