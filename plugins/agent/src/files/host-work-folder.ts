import { constants, type Stats } from 'node:fs';
import { lchown, lstat, mkdir, open, readdir, readlink, realpath, type FileHandle } from 'node:fs/promises';
import {
  KERNEL_FILE_LIMITS,
  KERNEL_WORK_DIR,
  TesseraError,
  type KernelFileEntry,
  type KernelFileListing,
  type KernelFileWrite,
} from '@tessera/core';
import { fileMode } from './file-mode';
import { TarTooLarge, TarWriter, type TarEntryStat } from './tar-writer';

/** Who owns what is written: the kernel's user (containers), or nobody in particular (the agent's own user). */
export interface WorkFolderOwner {
  uid: number;
  gid: number;
}

const { O_RDONLY, O_WRONLY, O_CREAT, O_DIRECTORY, O_NOFOLLOW } = constants;

/**
 * A kernel's /home/work as a folder on the agent's host, for backends whose kernels see a host
 * folder there (the docker backend's scratch `work/`, the process backend's work folder). The
 * kernel's user controls its contents and may plant symlinks to anywhere on the host, and the agent
 * often runs as root, so no path is ever resolved by the system: every step opens one folder with
 * O_NOFOLLOW, relative to the folder opened before it (through `/proc/self/fd/<fd>/<name>`, Linux's
 * equivalent of openat), and a symlink on the way is refused. Renaming a folder meanwhile cannot
 * lead a step out of /home/work either: an open descriptor follows its folder.
 */
export class HostWorkFolder {
  constructor(
    readonly root: string,
    private readonly owner?: WorkFolderOwner,
  ) {}

  /** Writes the files (paths relative to /home/work), overwriting and creating missing folders. */
  async write(files: KernelFileWrite[]): Promise<void> {
    for (const file of files) {
      const segments = segmentsOf(file.path);
      const name = segments.pop();
      if (!name) throw invalidPath(file.path, 'it names /home/work itself, not a file in it');
      const folder = await this.openFolder(segments, file.path, true);
      try {
        await this.writeIn(folder, name, file);
      } finally {
        await folder.close();
      }
    }
  }

  /** The entries of the folder at `path` (relative to /home/work). */
  async list(path: string): Promise<KernelFileListing> {
    const folder = await this.openFolder(segmentsOf(path), path, false);
    const files: KernelFileEntry[] = [];
    const errors: string[] = [];
    try {
      const names = (await readdir(fdPath(folder))).sort();
      if (names.length > KERNEL_FILE_LIMITS.maxListEntries)
        errors.push(
          `only the first ${KERNEL_FILE_LIMITS.maxListEntries} of ${names.length} entries are listed`,
        );
      for (const name of names.slice(0, KERNEL_FILE_LIMITS.maxListEntries)) {
        try {
          files.push(entryOf(name, await lstat(`${fdPath(folder)}/${name}`)));
        } catch (error) {
          errors.push(`${name}: ${(error as Error).message}`);
        }
      }
    } finally {
      await folder.close();
    }
    return { path: kernelPath(path), files, errors };
  }

  /** A tar archive of the paths (relative to /home/work), named as the kernel sees them relative to /home/work. */
  async archive(paths: string[]): Promise<Buffer> {
    const tar = new TarWriter(KERNEL_FILE_LIMITS.maxArchiveBytes);
    try {
      for (const path of paths) {
        const segments = segmentsOf(path);
        const name = segments.pop();
        if (!name) {
          const root = await this.openFolder([], path, false);
          await this.addFolderContents(tar, root, '').finally(() => root.close());
          continue;
        }
        const folder = await this.openFolder(segments, path, false);
        try {
          await this.addEntry(tar, folder, name, [...segments, name].join('/'), path);
        } finally {
          await folder.close();
        }
      }
    } catch (error) {
      if (error instanceof TarTooLarge)
        throw TesseraError.badRequest(
          'invalid-api-params',
          `The files asked for make an archive larger than ${error.maxBytes} bytes; download fewer or smaller files`,
          { paths, maxBytes: error.maxBytes },
        );
      throw error;
    }
    return tar.finish();
  }

  /** Opens the folder `segments` lead to from the root, each step without following a symlink. */
  private async openFolder(segments: string[], asked: string, create: boolean): Promise<FileHandle> {
    let folder = await open(await realpath(this.root), O_RDONLY | O_DIRECTORY);
    try {
      for (const segment of segments) {
        const next = `${fdPath(folder)}/${segment}`;
        if (create) {
          try {
            await mkdir(next, { mode: 0o755 });
            if (this.owner) await lchown(next, this.owner.uid, this.owner.gid);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          }
        }
        const opened = await openStep(next, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, asked, segment);
        await folder.close();
        folder = opened;
      }
      return folder;
    } catch (error) {
      await folder.close().catch(() => undefined);
      throw error;
    }
  }

  private async writeIn(folder: FileHandle, name: string, file: KernelFileWrite): Promise<void> {
    const target = `${fdPath(folder)}/${name}`;
    // No O_TRUNC: truncating happens once the descriptor is known to be a regular file here.
    const handle = await openStep(target, O_WRONLY | O_CREAT | O_NOFOLLOW, file.path, name, 0o644);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw invalidPath(file.path, `"${name}" exists and is not a regular file`);
      await handle.truncate(0);
      await handle.write(file.content, 0, file.content.length, 0);
      if (this.owner) await handle.chown(this.owner.uid, this.owner.gid);
    } finally {
      await handle.close();
    }
  }

  private async addEntry(
    tar: TarWriter,
    folder: FileHandle,
    name: string,
    archiveName: string,
    asked: string,
  ): Promise<void> {
    const target = `${fdPath(folder)}/${name}`;
    let stat: Stats;
    try {
      stat = await lstat(target);
    } catch (error) {
      throw notFoundOr(error, asked);
    }
    if (stat.isSymbolicLink()) {
      tar.addSymlink(archiveName, await readlink(target), tarStat(stat));
    } else if (stat.isDirectory()) {
      const sub = await openStep(target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, asked, name);
      try {
        tar.addDirectory(archiveName, tarStat(stat));
        await this.addFolderContents(tar, sub, archiveName);
      } finally {
        await sub.close();
      }
    } else if (stat.isFile()) {
      const handle = await openStep(target, O_RDONLY | O_NOFOLLOW, asked, name);
      try {
        const opened = await handle.stat();
        if (opened.size + 1536 > KERNEL_FILE_LIMITS.maxArchiveBytes)
          throw new TarTooLarge(KERNEL_FILE_LIMITS.maxArchiveBytes);
        tar.addFile(archiveName, await handle.readFile(), tarStat(opened));
      } finally {
        await handle.close();
      }
    } // sockets, fifos and devices are left out: their contents are not files'
  }

  private async addFolderContents(tar: TarWriter, folder: FileHandle, prefix: string): Promise<void> {
    for (const name of (await readdir(fdPath(folder))).sort()) {
      await this.addEntry(tar, folder, name, prefix ? `${prefix}/${name}` : name, name);
    }
  }
}

/** The path segments of a path relative to /home/work (`''` is the root). */
function segmentsOf(path: string): string[] {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) throw invalidPath(path, 'it leaves /home/work');
  return segments;
}

function kernelPath(relative: string): string {
  const segments = segmentsOf(relative);
  return segments.length ? `${KERNEL_WORK_DIR}/${segments.join('/')}` : KERNEL_WORK_DIR;
}

function fdPath(handle: FileHandle): string {
  return `/proc/self/fd/${handle.fd}`;
}

/** Opens one step; a symlink there (ELOOP, or ENOTDIR for a link to a folder) is refused by name. */
async function openStep(
  path: string,
  flags: number,
  asked: string,
  segment: string,
  mode?: number,
): Promise<FileHandle> {
  try {
    return await open(path, flags, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EMLINK') {
      const stat = await lstat(path).catch(() => null);
      if (stat?.isSymbolicLink())
        throw invalidPath(asked, `"${segment}" is a symlink, and session files never follow symlinks`);
      throw invalidPath(asked, `"${segment}" is not a ${flags & O_DIRECTORY ? 'folder' : 'regular file'}`);
    }
    throw notFoundOr(error, asked);
  }
}

function notFoundOr(error: unknown, asked: string): unknown {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return TesseraError.notFound(
      'object-not-found',
      `No such file or folder in the session: ${kernelPath(asked)}`,
      {
        path: kernelPath(asked),
      },
    );
  return error;
}

function invalidPath(path: string, reason: string): TesseraError {
  return TesseraError.badRequest('invalid-api-params', `Cannot use the session path "${path}": ${reason}`, {
    path,
  });
}

function entryOf(filename: string, stat: Stats): KernelFileEntry {
  return {
    filename,
    type: stat.isSymbolicLink()
      ? 'symlink'
      : stat.isDirectory()
        ? 'directory'
        : stat.isFile()
          ? 'file'
          : 'other',
    size: stat.size,
    mode: fileMode(stat.mode),
    ctime: stat.ctimeMs / 1000,
    mtime: stat.mtimeMs / 1000,
    atime: stat.atimeMs / 1000,
  };
}

function tarStat(stat: Stats): TarEntryStat {
  return { mode: stat.mode, uid: stat.uid, gid: stat.gid, mtime: stat.mtimeMs / 1000 };
}
