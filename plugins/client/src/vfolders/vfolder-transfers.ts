import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackendClientError } from '../errors';
import { resumableDownload, type DownloadedFile } from './resumable-download';
import { overrideStorageProxyUrl, withToken, type StorageProxyAddressMap } from './storage-proxy-address';
import {
  FileTransferStateStore,
  defaultTransferStateDir,
  transferKey,
  type TransferStateStore,
  type UploadState,
} from './transfer-state';
import { sendWithTus, UploadResourceGone, type TransferProgressListener } from './tus-upload';
import type { TransferTicket } from './vfolder-types';

/** 16 MiB, Backend.AI's client default. */
export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

export interface TransferOptions {
  signal?: AbortSignal;
  /** Where interrupted transfers are remembered; default: files under `defaultTransferStateDir()`. */
  stateStore?: TransferStateStore;
  /** Overrides the client's `BACKEND_OVERRIDE_STORAGE_PROXY` map for this call. */
  addressMap?: StorageProxyAddressMap;
}

export interface UploadOptions extends TransferOptions {
  /** The path inside the folder; default the local file's base name. */
  remotePath?: string;
  chunkSize?: number;
  /** Bytes the proxy holds so far, and the file's size. */
  onProgress?: TransferProgressListener;
}

export interface UploadedFile {
  remotePath: string;
  size: number;
  /** The offset a previous, interrupted run had reached (0 for a fresh upload). */
  resumedFrom: number;
}

export interface DownloadOptions extends TransferOptions {
  /** Ask for a zip of a directory (`archive` in request-download). */
  archive?: boolean;
  /** Replace an existing destination file (by default an existing one is an error, as upstream). */
  overwrite?: boolean;
  onProgress?: (done: number, total: number | null) => void;
  maxRetries?: number;
}

/** What the transfers need from the client: the ticket calls and who is asking. */
export interface TicketIssuer {
  requestUpload(
    folder: string,
    path: string,
    size: number,
    options?: { signal?: AbortSignal },
  ): Promise<TransferTicket>;
  requestDownload(
    folder: string,
    path: string,
    options?: { archive?: boolean; signal?: AbortSignal },
  ): Promise<TransferTicket>;
}

export interface TransferContext {
  issuer: TicketIssuer;
  /** The manager endpoint and access key: part of every transfer's key. */
  identity: () => [string, string];
  addressMap: StorageProxyAddressMap;
  skipCertValidation: boolean;
}

/**
 * Uploads one local file with request-upload and tus. The token and URL are saved before the first
 * byte goes out, keyed by folder, path, local file, size and mtime: the same call after an
 * interruption (even a killed process) asks the proxy for its offset and sends only the rest.
 * - The proxy cannot be reached at the saved URL: it may have come back elsewhere (a restart on
 *   another port, a moved proxy). One fresh request-upload tells where the folder's uploads go
 *   now, and the saved token resumes there; at the same address the proxy is just down, and the
 *   error stands (the saved state stays for the next call).
 * - A token the proxy no longer accepts (expired) gets one fresh request-upload, from offset 0.
 */
export async function uploadFile(
  context: TransferContext,
  folder: string,
  localPath: string,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  const absolute = resolve(localPath);
  const info = await stat(absolute);
  if (!info.isFile()) {
    throw new BackendClientError('config-invalid', `${localPath} is not a regular file`);
  }
  const remotePath = options.remotePath ?? absolute.split('/').pop()!;
  const store = options.stateStore ?? new FileTransferStateStore(defaultTransferStateDir());
  const map = options.addressMap ?? context.addressMap;
  const key = transferKey('upload', [
    ...context.identity(),
    folder,
    remotePath,
    absolute,
    info.size,
    info.mtimeMs,
  ]);
  const requestTicket = () =>
    context.issuer.requestUpload(folder, remotePath, info.size, { signal: options.signal });
  const saved = await store.get(key);
  let state: UploadState | undefined = saved?.kind === 'upload' ? saved : undefined;
  /** A ticket asked for while relocating, used if the saved token turns out to be gone too. */
  let spare: TransferTicket | undefined;
  let relocated = false;
  let renewed = false;
  for (;;) {
    if (!state) {
      const ticket = spare ?? (await requestTicket());
      spare = undefined;
      state = {
        kind: 'upload',
        folder,
        remotePath,
        localPath: absolute,
        size: info.size,
        mtimeMs: info.mtimeMs,
        url: ticket.url,
        token: ticket.token,
        createdAt: new Date().toISOString(),
      };
      await store.set(key, state);
    }
    try {
      const sent = await sendWithTus({
        uploadUrl: withToken(overrideStorageProxyUrl(state.url, map), state.token),
        localPath: absolute,
        size: info.size,
        chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
        onProgress: options.onProgress,
        signal: options.signal,
      });
      await store.delete(key);
      return { remotePath, size: info.size, resumedFrom: sent.resumedFrom };
    } catch (error) {
      if (isUnreachable(error) && !relocated) {
        relocated = true;
        const ticket = await requestTicket().catch(() => undefined);
        if (!ticket || ticket.url === state.url) throw error;
        state = { ...state, url: ticket.url };
        await store.set(key, state);
        spare = ticket;
        continue;
      }
      if (!(error instanceof UploadResourceGone)) throw error;
      await store.delete(key);
      if (renewed) {
        throw new BackendClientError('bad-response', `${error.message}, even with a fresh token`);
      }
      renewed = true;
      state = undefined;
    }
  }
}

/** The proxy could not be reached at all (no HTTP answer), as opposed to a refusal. */
function isUnreachable(error: unknown): boolean {
  return error instanceof BackendClientError && error.reason === 'connection-failed';
}

/**
 * Downloads one file (or, with `archive`, a directory as a zip) through request-download, into
 * `<destination>.part` then renamed. The `Last-Modified` of the bytes on disk is remembered, so the
 * same call after an interruption asks for the rest with Range + If-Range.
 */
export async function downloadFile(
  context: TransferContext,
  folder: string,
  remotePath: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadedFile> {
  const absolute = resolve(destination);
  if (!options.overwrite && (await exists(absolute))) {
    throw new BackendClientError(
      'config-invalid',
      `${destination} already exists (overwrite it explicitly, or remove it)`,
    );
  }
  const store = options.stateStore ?? new FileTransferStateStore(defaultTransferStateDir());
  const map = options.addressMap ?? context.addressMap;
  const archive = options.archive === true;
  const key = transferKey('download', [...context.identity(), folder, remotePath, absolute, String(archive)]);
  const saved = await store.get(key);
  const downloaded = await resumableDownload({
    destination: absolute,
    lastModified: saved?.kind === 'download' ? saved.lastModified : undefined,
    ticket: async () => {
      const ticket = await context.issuer.requestDownload(folder, remotePath, {
        archive,
        signal: options.signal,
      });
      return withToken(overrideStorageProxyUrl(ticket.url, map), ticket.token);
    },
    onVersion: async (lastModified, total) => {
      if (lastModified === null) return store.delete(key);
      await store.set(key, {
        kind: 'download',
        folder,
        remotePath,
        destination: absolute,
        lastModified,
        total,
        createdAt: new Date().toISOString(),
      });
    },
    onProgress: options.onProgress,
    signal: options.signal,
    maxRetries: options.maxRetries,
    skipCertValidation: context.skipCertValidation,
  });
  await store.delete(key);
  return downloaded;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
