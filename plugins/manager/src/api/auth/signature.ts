import { createHash, createHmac } from 'node:crypto';

/**
 * Backend.AI request signing (api-spec §1.3-1.5). Pure functions shared by the verifier and its
 * tests; the client SDK implements the same algorithm on its own.
 *
 *   signingKey = HMAC(HMAC(secretKey, YYYYMMDD), host)
 *   signature  = hex(HMAC(signingKey, stringToSign))
 */
export interface SignedFields {
  method: string;
  /** The request path with its query string, undecoded, exactly as sent. */
  pathWithQuery: string;
  /** The date header's value exactly as sent. */
  rawDate: string;
  /** The Host header value (including `:port`), or the host of X-Forwarded-URL. */
  host: string;
  /** The MIME type only, lowercased (`application/json`). */
  contentType: string;
  /** Which header carried the version: the string-to-sign names it. */
  versionHeader: 'x-backendai-version' | 'x-sorna-version';
  version: string;
}

/** Node's names for the hash algorithms a `signMethod` may name (`HMAC-SHA256` -> `sha256`). */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

/** Node's algorithm name for a `signMethod` hash name, or null when it is not supported. */
export function hashAlgorithmFor(name: string): string | null {
  return HASH_ALGORITHMS[name.toLowerCase().replace(/-/g, '_')] ?? null;
}

function hmac(algorithm: string, key: Buffer | string, message: string): Buffer {
  return createHmac(algorithm, key).update(message, 'utf8').digest();
}

/** The two chained HMACs: the date (`YYYYMMDD`) then the host. Returns raw bytes. */
export function deriveSigningKey(
  algorithm: string,
  secretKey: string,
  keyDate: string,
  host: string,
): Buffer {
  return hmac(algorithm, hmac(algorithm, secretKey, keyDate), host);
}

/**
 * The seven lines joined by LF. The last one is the body hash: every API version the manager
 * accepts (>= v4.20181215) hashes an empty body, whatever the request carries.
 */
export function buildStringToSign(algorithm: string, fields: SignedFields): string {
  return [
    fields.method.toUpperCase(),
    fields.pathWithQuery,
    fields.rawDate,
    `host:${fields.host}`,
    `content-type:${fields.contentType}`,
    `${fields.versionHeader}:${fields.version}`,
    createHash(algorithm).update('').digest('hex'),
  ].join('\n');
}

export function computeSignature(
  algorithm: string,
  secretKey: string,
  keyDate: string,
  fields: SignedFields,
): string {
  const key = deriveSigningKey(algorithm, secretKey, keyDate, fields.host);
  return createHmac(algorithm, key).update(buildStringToSign(algorithm, fields), 'utf8').digest('hex');
}
