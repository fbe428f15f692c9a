import type { Stats } from 'node:fs';
import type { StorageProgress } from '@tessera/core';
import { ProxyErrors } from '../proxy-errors';
import { errorCode, FolderRoot, type FileOwner, type OpenDirectory } from './folder-root';
import { joinRelpath, UPLOAD_DIR } from './relpath';

/** One entry of `/folder/file/list`, in the wire's shape. */
export interface ListedEntry {
  name: string;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
  size: number;
  mode: string;
  created: string;
  modified: string;
}

/**
 * The file operations inside one folder, every path resolved through the folder's open root
 * (see FolderRoot). Open one per request with `FolderFiles.open` and `close` it afterwards.
 */
export class FolderFiles {
  private constructor(readonly root: FolderRoot) {}

  /**
   * Opens the folder at `path`; 404 vfolder-not-found when it does not exist. What it creates is
   * given to `owner` when one is set.
   */
  static async open(path: string, vfid: string, owner: FileOwner | null = null): Promise<FolderFiles> {
    const root = await FolderRoot.open(path, owner);
    if (!root) throw ProxyErrors.folderNotFound(vfid);
    return new FolderFiles(root);
  }

  /** Whether a folder's root exists (as a directory). */
  static async exists(path: string): Promise<boolean> {
    const root = await FolderRoot.open(path);
    await root?.close();
    return root !== null;
  }

  async close(): Promise<void> {
    await this.root.close();
  }

  /** Runs `use` with the parent directory of `segments` open, and the last name. */
  async withParent<T>(
    segments: readonly string[],
    field: string,
    use: (parent: OpenDirectory, name: string) => Promise<T>,
  ): Promise<T> {
    const parent = await this.root.openDirectory(segments.slice(0, -1), field);
    try {
      return await use(parent, segments[segments.length - 1]!);
    } finally {
      await parent.close();
    }
  }

  async mkdir(
    segments: string[],
    options: { parents: boolean; existOk: boolean },
    field: string,
  ): Promise<void> {
    const relpath = joinRelpath(segments);
    const parentSegments = segments.slice(0, -1);
    const parent = options.parents
      ? await this.root.makeDirectories(parentSegments, field)
      : await this.root.openDirectory(parentSegments, field);
    try {
      const name = segments[segments.length - 1]!;
      const existing = await this.root.lstat(parent, name);
      if (existing) {
        if (existing.isDirectory() && options.existOk) return;
        throw ProxyErrors.fileExists(relpath);
      }
      try {
        await this.root.mkdir(parent, name, field);
      } catch (error) {
        // Created by someone else meanwhile.
        if (!(options.existOk && (await this.root.lstat(parent, name))?.isDirectory())) throw error;
      }
    } finally {
      await parent.close();
    }
  }

  async list(segments: string[], limit: number, field: string): Promise<ListedEntry[]> {
    const directory = await this.root.openDirectory(segments, field);
    try {
      const items: ListedEntry[] = [];
      for (const name of await this.root.names(directory)) {
        if (segments.length === 0 && name === UPLOAD_DIR) continue;
        if (items.length >= limit) break;
        const stats = await this.root.lstat(directory, name);
        if (stats) items.push(listedEntry(name, stats));
      }
      return items;
    } finally {
      await directory.close();
    }
  }

  /** Renames within the same directory; a directory needs `isDir` (upstream's guard). */
  async rename(segments: string[], newName: string, isDir: boolean, field: string): Promise<void> {
    await this.withParent(segments, field, async (parent, name) => {
      const stats = await this.root.lstat(parent, name);
      if (!stats) throw ProxyErrors.fileNotFound(joinRelpath(segments));
      if (stats.isDirectory() && !isDir) {
        throw ProxyErrors.isADirectory(joinRelpath(segments), 'set is_dir to rename a directory');
      }
      if (!stats.isDirectory() && isDir) throw ProxyErrors.notADirectory(joinRelpath(segments));
      if (newName === name) return;
      if (await this.root.lstat(parent, newName)) {
        throw ProxyErrors.fileExists(joinRelpath([...segments.slice(0, -1), newName]));
      }
      await this.root.rename(parent, name, parent, newName, 'new_name');
    });
  }

  /**
   * Moves a file or directory; into `dst` when it is an existing directory, else to `dst`
   * (whose parent must exist). An existing non-directory at the destination is refused.
   */
  async move(src: string[], dst: string[]): Promise<void> {
    const source = await this.root.openDirectory(src.slice(0, -1), 'src_relpath');
    try {
      const sourceName = src[src.length - 1]!;
      if (!(await this.root.lstat(source, sourceName))) throw ProxyErrors.fileNotFound(joinRelpath(src));
      let target = await this.root.openDirectory(dst.slice(0, -1), 'dst_relpath');
      let targetName = dst[dst.length - 1]!;
      try {
        const existing = await this.root.lstat(target, targetName);
        if (existing?.isDirectory()) {
          const inside = await this.root.openChildDirectory(target, targetName, 'dst_relpath');
          await target.close();
          target = inside;
          targetName = sourceName;
          if (await this.root.lstat(target, targetName)) {
            throw ProxyErrors.fileExists(joinRelpath([...dst, sourceName]));
          }
        } else if (existing) {
          throw ProxyErrors.fileExists(joinRelpath(dst));
        }
        await this.root.rename(source, sourceName, target, targetName, 'dst_relpath');
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  }

  /**
   * Checks every path before anything is deleted: each must exist, and a directory needs
   * `recursive`. Returns what `delete` will remove.
   */
  async checkDeletable(paths: string[][], recursive: boolean): Promise<void> {
    for (const segments of paths) {
      await this.withParent(segments, 'relpaths', async (parent, name) => {
        const stats = await this.root.lstat(parent, name);
        if (!stats) throw ProxyErrors.fileNotFound(joinRelpath(segments));
        if (stats.isDirectory() && !recursive) {
          throw ProxyErrors.isADirectory(joinRelpath(segments), 'set recursive to delete a directory');
        }
      });
    }
  }

  /** Deletes each path (trees depth first, symlinks as links), reporting progress. */
  async delete(paths: string[][], recursive: boolean, progress: StorageProgress): Promise<void> {
    const done = { bytes: 0, files: 0 };
    for (const segments of paths) {
      await this.withParent(segments, 'relpaths', async (parent, name) => {
        const stats = await this.root.lstat(parent, name);
        if (!stats) return;
        if (stats.isDirectory() && !recursive) {
          throw ProxyErrors.isADirectory(joinRelpath(segments), 'set recursive to delete a directory');
        }
        await this.removeEntry(parent, name, stats, done, progress);
      });
    }
  }

  private async removeEntry(
    parent: OpenDirectory,
    name: string,
    stats: Stats,
    done: { bytes: number; files: number },
    progress: StorageProgress,
  ): Promise<void> {
    if (stats.isDirectory()) {
      const directory = await this.root.openChildDirectory(parent, name, 'relpaths');
      try {
        for (const child of await this.root.names(directory)) {
          const childStats = await this.root.lstat(directory, child);
          if (childStats) await this.removeEntry(directory, child, childStats, done, progress);
        }
      } finally {
        await directory.close();
      }
      await this.root.rmdir(parent, name);
    } else {
      try {
        await this.root.unlink(parent, name);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
      done.bytes += stats.isFile() ? stats.size : 0;
    }
    done.files += 1;
    progress({ ...done });
  }
}

export function listedEntry(name: string, stats: Stats): ListedEntry {
  const type = stats.isSymbolicLink() ? 'SYMLINK' : stats.isDirectory() ? 'DIRECTORY' : 'FILE';
  const created = stats.birthtimeMs > 0 ? stats.birthtime : stats.ctime;
  return {
    name,
    type,
    size: stats.size,
    mode: (stats.mode & 0o7777).toString(8).padStart(4, '0'),
    created: created.toISOString(),
    modified: stats.mtime.toISOString(),
  };
}
