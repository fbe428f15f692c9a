import { lstat, mkdir, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FolderRef, VolumeCapacity } from '@tessera/core';
import { StorageErrors } from './storage-errors';

/** True when `path` is a directory (not a symlink to one); false when it is missing or anything else. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** True when anything (a file, a link, a directory) is at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Creates the parents of a folder's directory; the directory itself is the caller's to make. */
export async function makeParents(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}

/**
 * Creates a folder's directory (and its parents). The last step is one `mkdir`, so of two
 * concurrent creations exactly one wins and the other gets `folder-exists`.
 */
export async function makeFolderDirectory(path: string, folder: FolderRef): Promise<void> {
  await makeParents(path);
  try {
    await mkdir(path, { mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw StorageErrors.folderExists(folder);
    throw error;
  }
}

/** Size and use of the filesystem holding `path`, as `df` shows them. */
export async function filesystemCapacity(path: string): Promise<VolumeCapacity> {
  const stats = await statfs(path);
  return { capacityBytes: stats.blocks * stats.bsize, usedBytes: (stats.blocks - stats.bfree) * stats.bsize };
}
