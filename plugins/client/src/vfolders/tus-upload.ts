import { createReadStream } from 'node:fs';
import { DetailedError, Upload } from 'tus-js-client';
import { BackendClientError } from '../errors';
import { problemFromResponse } from '../problem-details';
import { redactTokens } from './storage-proxy-address';

/** Bytes the proxy holds (the offset) and the file's size, as an upload goes. */
export type TransferProgressListener = (done: number, total: number) => void;

export interface TusSendOptions {
  /** `<client_api>/upload?token=<jwt>`: the tus upload resource (it exists already, no creation). */
  uploadUrl: string;
  localPath: string;
  size: number;
  chunkSize: number;
  onProgress?: TransferProgressListener;
  signal?: AbortSignal;
  /** Delays between attempts after a dropped connection or a 5xx; tus-js-client's defaults otherwise. */
  retryDelays?: number[];
}

export interface TusSent {
  /** The offset the proxy reported before this call sent anything (0 for a fresh upload). */
  resumedFrom: number;
}

/** The proxy refused the upload resource itself (expired or unknown token): a new one is needed. */
export class UploadResourceGone extends Error {
  constructor(readonly status: number) {
    super(`the storage proxy no longer knows this upload (HTTP ${status})`);
  }
}

/**
 * Sends a local file to an existing tus 1.0 upload with tus-js-client: HEAD for the offset the
 * proxy holds, then PATCHes of `chunkSize` bytes from there (a file source reads each chunk from
 * disk, so memory stays at one chunk). tus-js-client's own URL storage is off: the caller keeps
 * the resumption state, because the token, not a fingerprint, names the upload.
 */
export function sendWithTus(options: TusSendOptions): Promise<TusSent> {
  if (options.size === 0) return sendEmpty(options);
  return new Promise<TusSent>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(aborted());
      return;
    }
    let resumedFrom = 0;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const upload = new Upload(createReadStream(options.localPath), {
      uploadUrl: options.uploadUrl,
      uploadSize: options.size,
      chunkSize: options.chunkSize,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      ...(options.retryDelays ? { retryDelays: options.retryDelays } : {}),
      onAfterResponse: (request, response) => {
        if (request.getMethod() === 'HEAD' && response.getStatus() < 300) {
          const offset = Number(response.getHeader('Upload-Offset'));
          if (Number.isSafeInteger(offset)) resumedFrom = offset;
        }
      },
      onProgress: (sent, total) => options.onProgress?.(sent, total),
      onSuccess: () => settle(() => resolve({ resumedFrom })),
      onError: (error) => settle(() => reject(translate(error))),
    });
    const onAbort = (): void => {
      void upload.abort(false);
      settle(() => reject(aborted()));
    };
    options.signal?.addEventListener('abort', onAbort);
    upload.start();
  });
}

/**
 * An empty file: tus-js-client sees offset 0 of 0 and sends nothing, but the proxy moves the file
 * into place on the PATCH that reaches the size, so one empty PATCH is sent by hand.
 */
async function sendEmpty(options: TusSendOptions): Promise<TusSent> {
  let response: Response;
  try {
    response = await fetch(options.uploadUrl, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
      },
      body: new Uint8Array(0),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw aborted();
    throw new BackendClientError(
      'connection-failed',
      `uploading to the storage proxy failed: ${redactTokens((error as Error).message)}`,
      {
        cause: error,
      },
    );
  }
  const body = await response.text();
  if (response.status === 404 || response.status === 401 || response.status === 403) {
    throw new UploadResourceGone(response.status);
  }
  if (response.status >= 300) throw problemFromResponse(response.status, parseJson(body), Buffer.from(body));
  options.onProgress?.(0, 0);
  return { resumedFrom: 0 };
}

/** A refused HEAD means the resource is gone; anything else keeps tus-js-client's message and the status. */
function translate(error: Error): Error {
  if (error instanceof DetailedError) {
    const status = error.originalResponse?.getStatus();
    const method = error.originalRequest?.getMethod();
    if (status !== undefined && method === 'HEAD' && status >= 400 && status < 500 && status !== 423) {
      return new UploadResourceGone(status);
    }
    if (status !== undefined) {
      const body = error.originalResponse?.getBody() ?? '';
      return problemFromResponse(status, parseJson(body), Buffer.from(body));
    }
    return new BackendClientError(
      'connection-failed',
      `uploading to the storage proxy failed: ${redactTokens(error.message)}`,
      {
        cause: error,
      },
    );
  }
  return error;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function aborted(): BackendClientError {
  return new BackendClientError('aborted', 'the upload was interrupted; the same call again resumes it');
}
