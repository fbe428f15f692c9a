import { constants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ProxyErrors } from '../proxy-errors';
import { joinRelpath } from './relpath';

const { O_RDONLY, O_WRONLY, O_DIRECTORY, O_NOFOLLOW, O_CREAT, O_EXCL } = constants;
const DIRECTORY_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

/** The path through which the kernel resolves `name` inside the directory open as `fd` (openat's). */
export function atPath(handle: FileHandle, name?: string): string {
  return name === undefined ? `/proc/self/fd/${handle.fd}` : `/proc/self/fd/${handle.fd}/${name}`;
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A directory open inside a folder; `close` releases it (a no-op for the folder root itself). */
export interface OpenDirectory {
  readonly handle: FileHandle;
  /** The directory's path relative to the folder (for messages). */
  readonly relpath: string;
  close(): Promise<void>;
}

/**
 * A folder's root directory, held open, through which every file operation of a request goes.
 * Node has no openat(2), so the proxy gets its semantics from `/proc/self/fd/<dirfd>/<name>`:
 * each path component is opened relative to the descriptor of the one before with O_NOFOLLOW (a
 * symbolic link anywhere in the path fails with ELOOP instead of being followed), and the opened
 * directory's real path (readlink of its descriptor) must lie inside the root's. Creations,
 * renames and unlinks name their parent by descriptor in the same way, so a directory swapped for
 * a symlink between a check and a use cannot redirect them: the kernel never re-walks the path.
 */
/** The user and group that own folders and what the proxy writes in them. */
export interface FileOwner {
  uid: number;
  gid: number;
}

export class FolderRoot {
  private constructor(
    private readonly handle: FileHandle,
    /** The root's real path, as the kernel reports it for the descriptor. */
    readonly realPath: string,
    /** Who gets what this root creates (files, directories); null: the proxy's own user. */
    private readonly owner: FileOwner | null,
  ) {}

  /** Opens the folder's root; null when the folder does not exist. */
  static async open(path: string, owner: FileOwner | null = null): Promise<FolderRoot | null> {
    let handle: FileHandle;
    try {
      handle = await fsp.open(path, DIRECTORY_FLAGS);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw error;
    }
    try {
      return new FolderRoot(handle, await fsp.readlink(atPath(handle)), owner);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** The root as an open directory (closing it is a no-op; the root closes with `close`). */
  rootDirectory(): OpenDirectory {
    return { handle: this.handle, relpath: '.', close: async () => {} };
  }

  /**
   * Opens the directory at `segments` one component at a time without following symlinks.
   * `field` names the request field in errors: 404 file-not-found, 400 not-a-directory, 400
   * invalid-path (a symlink in the path, or a directory that resolves outside the folder).
   */
  async openDirectory(segments: readonly string[], field: string): Promise<OpenDirectory> {
    if (segments.length === 0) return this.rootDirectory();
    let current: FileHandle = this.handle;
    for (let index = 0; index < segments.length; index += 1) {
      let next: FileHandle;
      try {
        next = await this.openDirectoryAt(current, segments[index]!);
      } catch (error) {
        if (current !== this.handle) await current.close();
        throw this.pathError(error, segments.slice(0, index + 1), field);
      }
      if (current !== this.handle) await current.close();
      current = next;
    }
    const handle = current;
    try {
      await this.checkInside(handle, field);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { handle, relpath: joinRelpath(segments), close: () => handle.close() };
  }

  /**
   * Opens (creating as needed, like `mkdir -p`) the directory at `segments`; a component that
   * exists as anything but a directory is refused like in `openDirectory`.
   */
  async makeDirectories(segments: readonly string[], field: string): Promise<OpenDirectory> {
    let current = this.rootDirectory();
    for (let index = 0; index < segments.length; index += 1) {
      try {
        await fsp.mkdir(atPath(current.handle, segments[index]));
        await this.own(current, segments[index]!);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') {
          await current.close();
          throw this.pathError(error, segments.slice(0, index + 1), field);
        }
      }
      const parent = current;
      try {
        const handle = await this.openDirectoryAt(parent.handle, segments[index]!);
        current = { handle, relpath: joinRelpath(segments.slice(0, index + 1)), close: () => handle.close() };
      } catch (error) {
        throw this.pathError(error, segments.slice(0, index + 1), field);
      } finally {
        await parent.close();
      }
    }
    try {
      await this.checkInside(current.handle, field);
    } catch (error) {
      await current.close();
      throw error;
    }
    return current;
  }

  /** lstat of `name` in `directory` (never follows it); null when absent. */
  async lstat(directory: OpenDirectory, name: string): Promise<Stats | null> {
    try {
      return await fsp.lstat(atPath(directory.handle, name));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  /** Opens a regular file for reading; a symlink is refused (O_NOFOLLOW), a directory too. */
  async openFile(
    directory: OpenDirectory,
    name: string,
    field: string,
  ): Promise<{ handle: FileHandle; stats: Stats }> {
    const relpath = childRelpath(directory, name);
    let handle: FileHandle;
    try {
      handle = await fsp.open(atPath(directory.handle, name), O_RDONLY | O_NOFOLLOW);
    } catch (error) {
      throw this.pathError(error, relpath.split('/'), field);
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      if (stats.isDirectory()) throw ProxyErrors.isADirectory(relpath, 'it is not a regular file');
      throw ProxyErrors.invalidPath(field, `"${relpath}" is not a regular file`);
    }
    return { handle, stats };
  }

  /** Creates a new file for writing (refusing an existing one of any kind). */
  async createFile(directory: OpenDirectory, name: string, field: string): Promise<FileHandle> {
    try {
      const handle = await fsp.open(
        atPath(directory.handle, name),
        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
        0o644,
      );
      if (this.owner) await handle.chown(this.owner.uid, this.owner.gid);
      return handle;
    } catch (error) {
      throw this.pathError(error, childRelpath(directory, name).split('/'), field);
    }
  }

  /** Opens an existing regular file for writing; null when absent. */
  async openForWriting(directory: OpenDirectory, name: string, field: string): Promise<FileHandle | null> {
    let handle: FileHandle;
    try {
      handle = await fsp.open(atPath(directory.handle, name), O_WRONLY | O_NOFOLLOW);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw this.pathError(error, childRelpath(directory, name).split('/'), field);
    }
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw ProxyErrors.invalidPath(field, `"${childRelpath(directory, name)}" is not a regular file`);
    }
    return handle;
  }

  async mkdir(directory: OpenDirectory, name: string, field: string): Promise<void> {
    try {
      await fsp.mkdir(atPath(directory.handle, name), 0o755);
      await this.own(directory, name);
    } catch (error) {
      throw this.pathError(error, childRelpath(directory, name).split('/'), field);
    }
  }

  /** Gives a just-created entry to the configured owner (lchown through the parent's descriptor). */
  private async own(directory: OpenDirectory, name: string): Promise<void> {
    if (this.owner) await fsp.lchown(atPath(directory.handle, name), this.owner.uid, this.owner.gid);
  }

  /** rename(2) of the link itself (a symlink is moved, never followed), parents by descriptor. */
  async rename(
    from: OpenDirectory,
    fromName: string,
    to: OpenDirectory,
    toName: string,
    field: string,
  ): Promise<void> {
    try {
      await fsp.rename(atPath(from.handle, fromName), atPath(to.handle, toName));
    } catch (error) {
      throw this.pathError(error, childRelpath(to, toName).split('/'), field);
    }
  }

  async unlink(directory: OpenDirectory, name: string): Promise<void> {
    await fsp.unlink(atPath(directory.handle, name));
  }

  async rmdir(directory: OpenDirectory, name: string): Promise<void> {
    await fsp.rmdir(atPath(directory.handle, name));
  }

  /** The names in an open directory. */
  async names(directory: OpenDirectory): Promise<string[]> {
    return fsp.readdir(atPath(directory.handle));
  }

  /** Opens `name` inside `directory` as a directory (one component, no symlink), checked inside. */
  async openChildDirectory(directory: OpenDirectory, name: string, field: string): Promise<OpenDirectory> {
    const relpath = childRelpath(directory, name);
    let handle: FileHandle;
    try {
      handle = await this.openDirectoryAt(directory.handle, name);
    } catch (error) {
      throw this.pathError(error, relpath.split('/'), field);
    }
    try {
      await this.checkInside(handle, field);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { handle, relpath, close: () => handle.close() };
  }

  /**
   * open(O_DIRECTORY | O_NOFOLLOW) of one component. Linux answers ENOTDIR rather than ELOOP for
   * a symlink under O_DIRECTORY, so ENOTDIR is told apart by an lstat: a symlink is ELOOP.
   */
  private async openDirectoryAt(parent: FileHandle, name: string): Promise<FileHandle> {
    try {
      return await fsp.open(atPath(parent, name), DIRECTORY_FLAGS);
    } catch (error) {
      if (errorCode(error) === 'ENOTDIR') {
        const stats = await fsp.lstat(atPath(parent, name)).catch(() => null);
        if (stats?.isSymbolicLink())
          throw Object.assign(new Error(`${name} is a symbolic link`), { code: 'ELOOP' });
      }
      throw error;
    }
  }

  /** Refuses a descriptor whose directory is not the root or below it (moved out meanwhile). */
  private async checkInside(handle: FileHandle, field: string): Promise<void> {
    const real = await fsp.readlink(atPath(handle));
    if (real !== this.realPath && !real.startsWith(this.realPath === '/' ? '/' : `${this.realPath}/`)) {
      throw ProxyErrors.invalidPath(field, 'it resolves outside the folder');
    }
  }

  /** The request error for a failed path operation on `segments`. */
  pathError(error: unknown, segments: readonly string[], field: string): Error {
    const relpath = joinRelpath(segments);
    switch (errorCode(error)) {
      case 'ENOENT':
        return ProxyErrors.fileNotFound(relpath);
      case 'ENOTDIR':
        return ProxyErrors.notADirectory(relpath);
      case 'ELOOP':
        return ProxyErrors.invalidPath(
          field,
          `"${relpath}" is a symbolic link, which the storage proxy never follows`,
        );
      case 'EEXIST':
      case 'ENOTEMPTY':
        return ProxyErrors.fileExists(relpath);
      case 'EISDIR':
        return ProxyErrors.isADirectory(relpath, 'a file was expected');
      case 'ENAMETOOLONG':
        return ProxyErrors.invalidPath(field, 'a name is too long');
      case 'EINVAL':
        return ProxyErrors.invalidPath(field, `"${relpath}" cannot be moved into itself`);
      case 'EDQUOT':
      case 'ENOSPC':
        return ProxyErrors.quotaExceeded('The folder or its volume is full');
      default:
        return error instanceof Error ? error : new Error(String(error));
    }
  }
}

export function childRelpath(directory: OpenDirectory, name: string): string {
  return directory.relpath === '.' ? name : `${directory.relpath}/${name}`;
}
