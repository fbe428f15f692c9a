import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackendClientError } from '../errors';
import { problemFromResponse } from '../problem-details';
import { redactTokens } from './storage-proxy-address';

export interface ResumableDownloadOptions {
  /** A fresh `<client_api>/download?token=...` for each attempt (tokens are cheap and expire). */
  ticket: () => Promise<string>;
  destination: string;
  /** The `Last-Modified` seen with the bytes already in `<destination>.part`, from an earlier run. */
  lastModified?: string;
  /** Called when the proxy names the version being written, so a later run can resume it. */
  onVersion?: (lastModified: string | null, total: number | null) => Promise<void>;
  onProgress?: (done: number, total: number | null) => void;
  signal?: AbortSignal;
  /** Attempts after a dropped connection (each continues where the last stopped). */
  maxRetries?: number;
  skipCertValidation?: boolean;
}

export interface DownloadedFile {
  path: string;
  size: number;
  /** Bytes that were already on disk from an interrupted run (0 when it started over). */
  resumedFrom: number;
}

/** The suffix of the file a download writes before it is complete. */
export const PART_SUFFIX = '.part';

const RETRY_PAUSE_MS = [200, 1000, 3000, 5000];

/**
 * Downloads to `<destination>.part`, then renames it. When a `.part` file and the `Last-Modified`
 * it was written under are known, asks for the rest (`Range: bytes=<n>-` with `If-Range`), as
 * Backend.AI's client does: 206 continues, 200 means the file changed and starts over. The rename
 * happens only once every byte arrived, so `destination` never holds a partial file.
 */
export async function resumableDownload(options: ResumableDownloadOptions): Promise<DownloadedFile> {
  const part = `${options.destination}${PART_SUFFIX}`;
  let lastModified = options.lastModified;
  let resumedFrom: number | undefined;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const have = lastModified ? await sizeOf(part) : 0;
    try {
      const url = await options.ticket();
      const response = await get(
        url,
        have > 0 ? { Range: `bytes=${have}-`, 'If-Range': lastModified! } : {},
        options,
      );
      const outcome = await receive(response, part, have, options, async (version, total) => {
        lastModified = version ?? undefined;
        await options.onVersion?.(version, total);
      });
      resumedFrom ??= outcome.start;
      if (outcome.complete) {
        await rename(part, options.destination);
        return { path: options.destination, size: outcome.size, resumedFrom };
      }
      if (attempt >= maxRetries) {
        throw new BackendClientError(
          'connection-lost',
          `the storage proxy kept ending the download early (${outcome.size} bytes so far); the same call again resumes it`,
        );
      }
    } catch (error) {
      if (!retryable(error) || attempt >= maxRetries || options.signal?.aborted) throw wrap(error, options);
      await pause(RETRY_PAUSE_MS[Math.min(attempt, RETRY_PAUSE_MS.length - 1)]!, options.signal);
    }
  }
}

interface Received {
  start: number;
  size: number;
  /** False when the body ended before the announced length: try again from there. */
  complete: boolean;
}

async function receive(
  response: http.IncomingMessage,
  part: string,
  have: number,
  options: ResumableDownloadOptions,
  onVersion: (lastModified: string | null, total: number | null) => Promise<void>,
): Promise<Received> {
  const status = response.statusCode ?? 0;
  const version = header(response, 'last-modified');
  if (status === 416) {
    response.resume();
    const total = totalOf(header(response, 'content-range'));
    if (total !== null && total === have) return { start: have, size: have, complete: true };
    await rm(part, { force: true }); // the copy on disk does not fit this file: start over
    throw new RetryFromScratch();
  }
  if (status >= 400) throw problemFromResponse(status, await readProblem(response), Buffer.alloc(0));
  let start = 0;
  let total: number | null;
  if (status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response, 'content-range') ?? '');
    if (!range || Number(range[1]) !== have) {
      response.resume();
      await rm(part, { force: true });
      throw new RetryFromScratch();
    }
    start = have;
    total = range[3] === '*' ? null : Number(range[3]);
  } else if (status === 200) {
    const length = Number(header(response, 'content-length'));
    total = Number.isSafeInteger(length) && length >= 0 && header(response, 'content-length') ? length : null;
    await onVersion(version, total);
  } else {
    response.resume();
    throw new BackendClientError(
      'bad-response',
      `the storage proxy answered the download with HTTP ${status}`,
    );
  }
  let done = start;
  options.onProgress?.(done, total);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      options.onProgress?.(done, total);
      callback(null, chunk);
    },
  });
  await pipeline(response, counter, createWriteStream(part, { flags: start > 0 ? 'a' : 'w' }), {
    signal: options.signal,
  });
  return { start, size: done, complete: total === null || done >= total };
}

function get(
  url: string,
  headers: Record<string, string>,
  options: ResumableDownloadOptions,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url);
    const transport = parsed.protocol === 'https:' ? https : http;
    const request = transport.get(parsed, {
      headers: { 'Accept-Encoding': 'identity', ...headers },
      signal: options.signal,
      rejectUnauthorized: !options.skipCertValidation,
    });
    request.once('response', resolve);
    request.once('error', reject);
  });
}

class RetryFromScratch extends Error {}

function retryable(error: unknown): boolean {
  if (error instanceof RetryFromScratch) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    typeof code === 'string' &&
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code)
  );
}

function wrap(error: unknown, options: ResumableDownloadOptions): unknown {
  if (options.signal?.aborted || (error as Error).name === 'AbortError') {
    return new BackendClientError('aborted', 'the download was interrupted; the same call again resumes it');
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('E') && !(error instanceof BackendClientError)) {
    return new BackendClientError(
      'connection-failed',
      `downloading from the storage proxy failed: ${redactTokens((error as Error).message)}`,
      {
        cause: error,
      },
    );
  }
  return error;
}

async function readProblem(response: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function header(response: http.IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value : null;
}

function totalOf(contentRange: string | null): number | null {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : null;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
