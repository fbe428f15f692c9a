import { createHash } from 'node:crypto';

/**
 * From this API revision on, both sides sign the hash of an empty body whatever the request
 * carries; older revisions hash the body itself. Backend.AI compares the version header with it
 * as plain strings, and so does this package, so that both sides agree on every header value.
 */
export const EMPTY_BODY_HASH_SINCE = 'v4.20181215';

export function signsRequestBody(apiVersion: string): boolean {
  return apiVersion < EMPTY_BODY_HASH_SINCE;
}

/** The hash of an empty body, by algorithm. */
const EMPTY_HASHES = new Map<string, string>();

/**
 * The last line of the string to sign: the hex digest of the body for revisions before
 * v4.20181215 (multipart bodies excepted, whose parts are never hashed), of nothing otherwise.
 * `mimeType` is the signed content type (see `signedContentType`).
 */
export function bodyHash(
  algorithm: string,
  apiVersion: string,
  mimeType: string,
  body: string | Uint8Array | undefined,
): string {
  const signed = signsRequestBody(apiVersion) && !mimeType.startsWith('multipart/') ? (body ?? '') : '';
  if (signed.length > 0) return createHash(algorithm).update(signed).digest('hex');
  // What every request of a current client signs: hashed once per algorithm.
  let empty = EMPTY_HASHES.get(algorithm);
  if (empty === undefined)
    EMPTY_HASHES.set(algorithm, (empty = createHash(algorithm).update('').digest('hex')));
  return empty;
}
