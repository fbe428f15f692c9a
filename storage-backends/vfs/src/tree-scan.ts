import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes and files under a directory; `truncated` when the walk stopped at its entry cap. */
export interface TreeTotals {
  bytes: number;
  files: number;
  truncated: boolean;
}

/**
 * Walks a tree without following symlinks, adding the apparent size of every file and symlink
 * (directories are walked, not counted), as Backend.AI's vfs measures folders. It stops after
 * `maxEntries` entries, so one huge folder cannot hold the proxy: the totals are then a lower
 * bound and `truncated` is set. A missing root gives zeros.
 */
export async function scanTree(root: string, maxEntries: number): Promise<TreeTotals> {
  const totals: TreeTotals = { bytes: 0, files: 0, truncated: false };
  const pending = [root];
  let walked = 0;
  while (pending.length > 0) {
    const directory = pending.pop()!;
    let entries;
    try {
      entries = await opendir(directory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue; // removed while we walked
      throw error;
    }
    for await (const entry of entries) {
      if (++walked > maxEntries) {
        totals.truncated = true;
        return totals;
      }
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      try {
        totals.bytes += (await lstat(path)).size;
        totals.files += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return totals;
}
