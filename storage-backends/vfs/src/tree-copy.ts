import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, copyFile, lchown, lstat, mkdir, opendir, readlink, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressReporter } from './progress-reporter';

/**
 * Copies the contents of directory `source` into the existing directory `target`: directories,
 * files (reflinked where the filesystem can, copied otherwise) and symlinks as links, never
 * followed, with modes, owners (when the proxy may set them) and times; `target` itself takes
 * `source`'s mode, owner and times. Other file types (sockets, devices) are skipped.
 */
export async function copyTree(source: string, target: string, progress: ProgressReporter): Promise<void> {
  const pending: Array<[string, string]> = [[source, target]];
  const directories: Array<{ path: string; stats: Stats }> = [{ path: target, stats: await lstat(source) }];
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    for await (const entry of await opendir(from)) {
      const src = join(from, entry.name);
      const dst = join(to, entry.name);
      const stats = await lstat(src);
      if (stats.isDirectory()) {
        await mkdir(dst, { mode: 0o700 });
        directories.push({ path: dst, stats });
        pending.push([src, dst]);
      } else if (stats.isSymbolicLink()) {
        await symlink(await readlink(src), dst);
        await keepOwner(dst, stats);
        progress.add(stats.size, 1);
      } else if (stats.isFile()) {
        await copyFile(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        await keepOwner(dst, stats);
        await chmod(dst, stats.mode & 0o7777);
        await utimes(dst, stats.atime, stats.mtime);
        progress.add(stats.size, 1);
      }
    }
  }
  // Modes and times of directories last, deepest first: a read-only directory must still take its
  // entries, and creating them changed its times.
  for (const { path, stats } of directories.reverse()) {
    await keepOwner(path, stats);
    await chmod(path, stats.mode & 0o7777);
    await utimes(path, stats.atime, stats.mtime);
  }
}

/** Gives the copy the original's owner; a proxy not running as root keeps its own (EPERM). */
async function keepOwner(path: string, stats: Stats): Promise<void> {
  try {
    await lchown(path, stats.uid, stats.gid);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}
