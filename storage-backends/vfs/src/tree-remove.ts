import { lstat, opendir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressReporter } from './progress-reporter';

/**
 * Removes a directory and everything under it without following symlinks, counting the bytes and
 * files removed as it goes. A tree already gone is not an error.
 */
export async function removeTree(root: string, progress: ProgressReporter): Promise<void> {
  let rootStats;
  try {
    rootStats = await lstat(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!rootStats.isDirectory()) {
    await unlink(root);
    progress.add(rootStats.size, 1);
    return;
  }
  // Depth first: a directory is removed once its entries are.
  const stack: Array<{ path: string; expanded: boolean }> = [{ path: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.expanded) {
      try {
        await ignoreMissing(rmdir(top.path));
        stack.pop();
      } catch (error) {
        // Entries listed while others were being removed may have been missed: list again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
        top.expanded = false;
      }
      continue;
    }
    top.expanded = true;
    for await (const entry of await opendir(top.path)) {
      const path = join(top.path, entry.name);
      if (entry.isDirectory()) {
        stack.push({ path, expanded: false });
        continue;
      }
      const size = await ignoreMissing(lstat(path).then((stats) => stats.size));
      await ignoreMissing(unlink(path));
      progress.add(size ?? 0, 1);
    }
  }
}

async function ignoreMissing<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
