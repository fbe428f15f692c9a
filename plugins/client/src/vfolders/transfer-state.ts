import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * What an interrupted transfer leaves behind so that the same call, made again (in another
 * process), continues it instead of starting over.
 */
export interface UploadState {
  kind: 'upload';
  folder: string;
  remotePath: string;
  localPath: string;
  size: number;
  mtimeMs: number;
  /** The storage-proxy URL and token `request-upload` gave: the proxy keeps the offset per token. */
  url: string;
  token: string;
  createdAt: string;
}

export interface DownloadState {
  kind: 'download';
  folder: string;
  remotePath: string;
  destination: string;
  /** The `Last-Modified` the proxy sent with the bytes already in `<destination>.part`. */
  lastModified: string;
  total: number | null;
  createdAt: string;
}

export type TransferState = UploadState | DownloadState;

/** Where transfer states are kept; any implementation works (the default is a folder of JSON files). */
export interface TransferStateStore {
  get(key: string): Promise<TransferState | undefined>;
  set(key: string, state: TransferState): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The key of one transfer: a hash of everything that makes it the same transfer. For an upload:
 * manager endpoint, access key, folder, path in the folder, the local file's absolute path, size
 * and modification time (a changed file starts over). For a download: endpoint, access key,
 * folder, path and destination.
 */
export function transferKey(kind: TransferState['kind'], parts: ReadonlyArray<string | number>): string {
  return `${kind}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40)}`;
}

/**
 * `$TESSERA_CONFIG_DIR/transfers`, else `$XDG_CONFIG_HOME/tessera/transfers`, else
 * `~/.config/tessera/transfers`: next to the CLI's stored login.
 */
export function defaultTransferStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TESSERA_CONFIG_DIR) return join(env.TESSERA_CONFIG_DIR, 'transfers');
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'tessera', 'transfers');
}

/**
 * One small JSON file per transfer in a folder only its owner can read (upload states hold a
 * token that lets anyone write the file until it expires). Writes go to a temporary name first and
 * are renamed, so a process killed mid-write never leaves half a state behind.
 */
export class FileTransferStateStore implements TransferStateStore {
  constructor(readonly directory: string) {}

  async get(key: string): Promise<TransferState | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const state = JSON.parse(text) as TransferState;
      return state.kind === 'upload' || state.kind === 'download' ? state : undefined;
    } catch {
      return undefined; // unreadable: as if there were none, the transfer starts over
    }
  }

  async set(key: string, state: TransferState): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.pathOf(key)}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!/^[a-z]+-[0-9a-f]+$/.test(key)) throw new Error(`not a transfer key: ${key}`);
    return join(this.directory, `${key}.json`);
  }
}
