import { defineErrorCodes, TesseraError } from '@tessera/core';

/**
 * The storage proxy's answers, with upstream's problem types
 * (`https://api.backend.ai/probs/storage/<slug>`), which managers and clients match on. The codes
 * carry a `storage-proxy-` prefix so they never clash with the core's or the manager's codes.
 */
export const StorageProxyErrorCodes = defineErrorCodes('@tessera/storage-proxy', {
  'storage-proxy-forbidden': { status: 403, problem: 'storage/forbidden' },
  'storage-proxy-invalid-api-params': { status: 400, problem: 'storage/invalid-api-params' },
  'storage-proxy-volume-not-found': { status: 404, problem: 'storage/volume-not-found' },
  'storage-proxy-vfolder-not-found': { status: 404, problem: 'storage/vfolder-not-found' },
  'storage-proxy-vfolder-exists': { status: 409, problem: 'storage/vfolder-exists' },
  'storage-proxy-quota-scope-not-found': { status: 404, problem: 'storage/quota-scope-not-found' },
  'storage-proxy-file-not-found': { status: 404, problem: 'storage/file-not-found' },
  'storage-proxy-file-exists': { status: 409, problem: 'storage/file-exists' },
  'storage-proxy-not-a-directory': { status: 400, problem: 'storage/not-a-directory' },
  'storage-proxy-is-a-directory': { status: 400, problem: 'storage/is-a-directory' },
  'storage-proxy-invalid-path': { status: 400, problem: 'storage/invalid-path' },
  'storage-proxy-quota-exceeded': { status: 413, problem: 'storage/quota-exceeded' },
  'storage-proxy-token-invalid': { status: 401, problem: 'storage/invalid-token' },
  'storage-proxy-token-refused': { status: 403, problem: 'storage/token-refused' },
  'storage-proxy-upload-offset-conflict': { status: 409, problem: 'storage/upload-offset-conflict' },
  'storage-proxy-upload-too-large': { status: 413, problem: 'storage/upload-too-large' },
  'storage-proxy-checksum-mismatch': { status: 460, problem: 'storage/checksum-mismatch' },
  'storage-proxy-upload-bad-request': { status: 400, problem: 'storage/invalid-api-params' },
  'storage-proxy-precondition-failed': { status: 412, problem: 'storage/precondition-failed' },
  'storage-proxy-range-not-satisfiable': { status: 416, problem: 'storage/range-not-satisfiable' },
  'storage-proxy-method-not-allowed': { status: 405, problem: 'storage/method-not-allowed' },
  'storage-proxy-url-not-found': { status: 404, problem: 'storage/url-not-found' },
  'storage-proxy-internal-error': { status: 500, problem: 'storage/internal-server-error' },
});

const codes = StorageProxyErrorCodes;

/** Every error the proxy answers with, built here so messages stay consistent. */
export const ProxyErrors = {
  forbidden(): TesseraError {
    return codes.error(
      'storage-proxy-forbidden',
      'The X-BackendAI-Storage-Auth-Token header is missing or does not match this storage proxy',
    );
  },
  invalidParam(field: string, expected: string): TesseraError {
    return codes.error('storage-proxy-invalid-api-params', `Invalid "${field}": expected ${expected}`, {
      field,
    });
  },
  malformedBody(reason: string): TesseraError {
    return codes.error(
      'storage-proxy-invalid-api-params',
      `The request body is not a JSON object: ${reason}`,
    );
  },
  volumeNotFound(volume: string): TesseraError {
    return codes.error('storage-proxy-volume-not-found', `This proxy has no volume named "${volume}"`, {
      volume,
    });
  },
  folderNotFound(vfid: string): TesseraError {
    return codes.error(
      'storage-proxy-vfolder-not-found',
      `The folder ${vfid} does not exist on this volume`,
      {
        vfid,
      },
    );
  },
  folderExists(vfid: string): TesseraError {
    return codes.error('storage-proxy-vfolder-exists', `The folder ${vfid} already exists on this volume`, {
      vfid,
    });
  },
  quotaScopeNotFound(scope: string): TesseraError {
    return codes.error('storage-proxy-quota-scope-not-found', `The quota scope ${scope} does not exist`, {
      quota_scope_id: scope,
    });
  },
  fileNotFound(relpath: string): TesseraError {
    return codes.error('storage-proxy-file-not-found', `No file or directory at "${relpath}"`, { relpath });
  },
  fileExists(relpath: string): TesseraError {
    return codes.error('storage-proxy-file-exists', `"${relpath}" already exists`, { relpath });
  },
  notADirectory(relpath: string): TesseraError {
    return codes.error('storage-proxy-not-a-directory', `"${relpath}" is not a directory`, { relpath });
  },
  isADirectory(relpath: string, hint: string): TesseraError {
    return codes.error('storage-proxy-is-a-directory', `"${relpath}" is a directory; ${hint}`, { relpath });
  },
  invalidPath(field: string, reason: string): TesseraError {
    return codes.error('storage-proxy-invalid-path', `Invalid path in "${field}": ${reason}`, { field });
  },
  quotaExceeded(message: string, details: Record<string, unknown> = {}): TesseraError {
    return codes.error('storage-proxy-quota-exceeded', message, details);
  },
  tokenInvalid(reason: string): TesseraError {
    return codes.error('storage-proxy-token-invalid', `The token is not valid: ${reason}`);
  },
  tokenRefused(reason: string): TesseraError {
    return codes.error('storage-proxy-token-refused', `The token does not allow this: ${reason}`);
  },
  offsetConflict(sent: number, stored: number): TesseraError {
    return codes.error(
      'storage-proxy-upload-offset-conflict',
      `Upload-Offset ${sent} does not match the stored offset ${stored}; send HEAD to learn the offset`,
      { offset: stored },
    );
  },
  uploadTooLarge(message: string): TesseraError {
    return codes.error('storage-proxy-upload-too-large', message);
  },
  checksumMismatch(algorithm: string): TesseraError {
    return codes.error(
      'storage-proxy-checksum-mismatch',
      `The chunk's ${algorithm} does not match Upload-Checksum; it was discarded, send it again`,
    );
  },
  uploadBadRequest(message: string): TesseraError {
    return codes.error('storage-proxy-upload-bad-request', message);
  },
  tusVersion(): TesseraError {
    return codes.error(
      'storage-proxy-precondition-failed',
      'Tus-Resumable: 1.0.0 is required (this server speaks tus 1.0.0 only)',
    );
  },
  rangeNotSatisfiable(size: number): TesseraError {
    return codes.error(
      'storage-proxy-range-not-satisfiable',
      `The range is outside the file (${size} bytes)`,
      {
        size,
      },
    );
  },
  methodNotAllowed(method: string, path: string, allowed: string): TesseraError {
    return codes.error(
      'storage-proxy-method-not-allowed',
      `${method} is not allowed on ${path} (use ${allowed})`,
    );
  },
  urlNotFound(method: string, path: string): TesseraError {
    return codes.error('storage-proxy-url-not-found', `No storage proxy endpoint at ${method} ${path}`);
  },
  internal(message: string, cause?: unknown): TesseraError {
    return codes.error('storage-proxy-internal-error', message, {}, {}, { cause });
  },
};
