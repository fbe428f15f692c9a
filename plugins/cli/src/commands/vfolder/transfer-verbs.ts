import {
  defaultTransferStateDir,
  FileTransferStateStore,
  type StorageProxyAddressMap,
  type VfolderApi,
} from '@tessera/client';
import type { Command } from 'commander';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../cli-errors';
import type { CliIo } from '../../cli-io';
import { humanBytes, printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { parseWhole } from '../admin/admin-support';
import { verbAction, type JsonFlag } from '../admin/admin-verbs';
import { formatDuration, formatRate, TransferProgressDisplay, type ProgressMode } from './transfer-progress';
import { parseAddressMap, parseChunkSize, parseProgressMode } from './vfolder-options';
import { interruptible, vfolders } from './vfolder-support';

interface TransferFlags extends JsonFlag {
  baseDir?: string;
  overrideStorageProxy?: StorageProxyAddressMap;
  /** A mode, or false for --no-progress. */
  progress?: ProgressMode | false;
}

interface UploadFlags extends TransferFlags {
  dstDir?: string;
  recursive?: boolean;
  chunkSize?: number;
}

interface DownloadFlags extends TransferFlags {
  output?: string;
  archive?: boolean;
  overwrite?: boolean;
  maxRetries: number;
}

/** One local file and where it goes in the folder. */
export interface PlannedUpload {
  localPath: string;
  remotePath: string;
}

const TRANSFER_HELP = `
Progress goes to stderr: a bar on a terminal (bytes, percent, speed, ETA), a line every few seconds
elsewhere; --progress picks one, --no-progress turns it off. After Ctrl-C or a lost connection, run
the same command again: it continues from where the storage proxy stopped.`;

/** `upload` and `download`: files straight to and from the storage proxy, resumable. */
export function registerTransferVerbs(group: Command, context: CommandContext): void {
  const { io } = context;
  transferOptions(
    group
      .command('upload')
      .description('Upload files into a folder (tus, resumable)')
      .argument('<name>', 'the folder name')
      .argument('<files...>', 'local files (directories with -r)')
      .option(
        '-b, --base-dir <dir>',
        "paths in the folder are the files' paths relative to this (default: here)",
      )
      .option('-d, --dst-dir <path>', 'a directory in the folder to put them under')
      .option('-r, --recursive', 'upload directories with everything in them')
      .option('--chunk-size <size>', 'bytes per PATCH request, e.g. 16m (default 16m)', parseChunkSize),
  ).action(
    verbAction(context, async (name: string, files: string[], flags: UploadFlags) => {
      const plan = await planUploads(io.cwd, files, flags);
      const api = await vfolders(io);
      const directories = [...new Set(plan.map((item) => posix.dirname(item.remotePath)))].filter(
        (dir) => dir !== '.',
      );
      for (const directory of directories) await api.mkdir(name, directory, { parents: true, existOk: true });
      const results: Array<Record<string, unknown>> = [];
      for (const item of plan) {
        const started = Date.now();
        const uploaded = await withProgress(io, item.remotePath, flags, (onProgress, signal) =>
          api.upload(name, item.localPath, {
            remotePath: item.remotePath,
            chunkSize: flags.chunkSize,
            addressMap: flags.overrideStorageProxy,
            stateStore: stateStore(io),
            onProgress,
            signal,
          }),
        );
        const seconds = (Date.now() - started) / 1000;
        const result = {
          local_path: item.localPath,
          remote_path: item.remotePath,
          ...stats(uploaded, seconds),
        };
        results.push(result);
        if (!flags.json) {
          io.stdout.write(
            `uploaded ${relative(io.cwd, item.localPath) || item.localPath} to ${name}:${item.remotePath} ${summary(uploaded, seconds)}\n`,
          );
        }
      }
      if (flags.json) printJson(io, results);
    }),
  );

  transferOptions(
    group
      .command('download')
      .description('Download files (and directories, as zip archives) from a folder, resumable')
      .argument('<name>', 'the folder name')
      .argument('<paths...>', 'paths in the folder')
      .option('-b, --base-dir <dir>', 'where to write them, keeping their paths (default: here)')
      .option('-o, --output <file>', 'the file to write (one path only)')
      .option('--archive', 'ask for a zip even when the path is not a directory')
      .option('--overwrite', 'replace files that exist already (by default that is an error)')
      .option('--max-retries <n>', 'attempts after a lost connection', parseWhole(0, 100), 5),
  ).action(
    verbAction(context, async (name: string, paths: string[], flags: DownloadFlags) => {
      if (flags.output && paths.length > 1)
        throw new UsageError('--output takes one path; use --base-dir for several');
      const api = await vfolders(io);
      const results: Array<Record<string, unknown>> = [];
      for (const path of paths) {
        const remote = posix.normalize(path).replace(/^\/+/, '') || '.';
        const archive = flags.archive === true || (await isDirectory(api, name, remote));
        const base = resolve(io.cwd, flags.baseDir ?? '.');
        const fallback = remote === '.' ? `${name}.zip` : archive ? `${remote}.zip` : remote;
        const destination = flags.output ? resolve(io.cwd, flags.output) : join(base, ...fallback.split('/'));
        await mkdir(dirname(destination), { recursive: true });
        const started = Date.now();
        const downloaded = await withProgress(io, remote, flags, (onProgress, signal) =>
          api.download(name, remote, destination, {
            archive,
            overwrite: flags.overwrite,
            maxRetries: flags.maxRetries,
            addressMap: flags.overrideStorageProxy,
            stateStore: stateStore(io),
            onProgress,
            signal,
          }),
        );
        const seconds = (Date.now() - started) / 1000;
        results.push({
          remote_path: remote,
          local_path: destination,
          archive,
          ...stats(downloaded, seconds),
        });
        if (!flags.json) {
          io.stdout.write(
            `downloaded ${name}:${remote} to ${relative(io.cwd, destination) || destination} ${summary(downloaded, seconds)}\n`,
          );
        }
      }
      if (flags.json) printJson(io, results);
    }),
  );
}

function transferOptions(command: Command): Command {
  return command
    .option(
      '--override-storage-proxy <map>',
      'FROM=TO[,FROM=TO]: reach the storage proxy elsewhere (also BACKEND_OVERRIDE_STORAGE_PROXY)',
      parseAddressMap,
    )
    .option('--progress <mode>', 'auto, bar, lines or none (default auto)', parseProgressMode)
    .option('--no-progress', 'no progress on stderr')
    .option('--json', 'print what was transferred as JSON (and no progress unless --progress says so)')
    .addHelpText('after', TRANSFER_HELP);
}

/** Where interrupted transfers are remembered: next to the login, in this command's environment. */
function stateStore(io: CliIo): FileTransferStateStore {
  return new FileTransferStateStore(defaultTransferStateDir(io.env));
}

/** Runs one transfer with its progress display and Ctrl-C wired up. */
async function withProgress<T>(
  io: CliIo,
  label: string,
  flags: TransferFlags,
  transfer: (onProgress: (done: number, total: number | null) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const wanted: ProgressMode =
    flags.progress === false ? 'none' : (flags.progress ?? (flags.json ? 'none' : 'auto'));
  const display = new TransferProgressDisplay(io, label, TransferProgressDisplay.modeFor(io, wanted));
  try {
    return await interruptible(io, (signal) =>
      transfer((done, total) => display.update(done, total), signal),
    );
  } finally {
    display.clear();
  }
}

/**
 * The files an upload sends and their paths in the folder: relative to `--base-dir` (default the
 * working directory; a file outside it goes by its base name), under `--dst-dir`. Directories need
 * `-r` and are walked; symbolic links to directories are not followed.
 */
export async function planUploads(
  cwd: string,
  files: readonly string[],
  flags: { baseDir?: string; dstDir?: string; recursive?: boolean },
): Promise<PlannedUpload[]> {
  const base = resolve(cwd, flags.baseDir ?? '.');
  const destination = (flags.dstDir ?? '').replace(/^\/+/, '');
  const plan: PlannedUpload[] = [];
  const add = (localPath: string): void => {
    const inside = relative(base, localPath);
    const path =
      inside.startsWith('..') || inside === '' ? localPath.split(sep).pop()! : inside.split(sep).join('/');
    plan.push({ localPath, remotePath: destination ? posix.join(destination, path) : path });
  };
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) add(path);
    }
  };
  for (const file of files) {
    const localPath = resolve(cwd, file);
    let info;
    try {
      info = await stat(localPath);
    } catch {
      throw new UsageError(`${file}: no such file`);
    }
    if (info.isDirectory()) {
      if (!flags.recursive)
        throw new UsageError(`${file} is a directory; add -r to upload it with its contents`);
      await walk(localPath);
    } else if (info.isFile()) add(localPath);
    else throw new UsageError(`${file} is not a regular file`);
  }
  return plan;
}

/** Whether a path in the folder is a directory (its parent's listing says so; the root is one). */
async function isDirectory(api: VfolderApi, name: string, path: string): Promise<boolean> {
  if (path === '.') return true;
  try {
    const entries = await api.files(name, posix.dirname(path));
    return entries.some((entry) => entry.name === posix.basename(path) && entry.type === 'DIRECTORY');
  } catch {
    return false; // the download request says what is wrong
  }
}

function stats(done: { size: number; resumedFrom: number }, seconds: number) {
  return { size: done.size, resumed_from: done.resumedFrom, seconds: Math.round(seconds * 1000) / 1000 };
}

/** `(200.0 MiB in 0:04, 48.7 MiB/s, resumed at 80.0 MiB)`: the rate counts what this run sent. */
function summary(done: { size: number; resumedFrom: number }, seconds: number): string {
  const rate = seconds > 0 ? (done.size - done.resumedFrom) / seconds : null;
  const resumed = done.resumedFrom > 0 ? `, resumed at ${humanBytes(done.resumedFrom)}` : '';
  return `(${humanBytes(done.size)} in ${formatDuration(seconds)}, ${formatRate(rate)}${resumed})`;
}
