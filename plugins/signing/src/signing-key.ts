import { createHmac } from 'node:crypto';

/**
 * The signing key: two chained HMACs, first over the key date (`YYYYMMDD`, see
 * `RequestDate.keyDate`) keyed with the secret key, then over the host keyed with that digest.
 * Returns raw bytes (not hex), as the next HMAC takes them.
 */
export function deriveSigningKey(
  algorithm: string,
  secretKey: string,
  keyDate: string,
  host: string,
): Buffer {
  // A key changes once a day per keypair and host: derived once, not on every request.
  const cacheKey = `${algorithm}\0${keyDate}\0${host}\0${secretKey}`;
  const known = derived.get(cacheKey);
  if (known) return known;
  if (derived.size >= MAX_DERIVED) derived.clear();
  const key = deriveUncached(algorithm, secretKey, keyDate, host);
  derived.set(cacheKey, key);
  return key;
}

/** Derived keys kept in memory (process memory already holds the secrets they come from). */
const derived = new Map<string, Buffer>();
const MAX_DERIVED = 1024;

function deriveUncached(algorithm: string, secretKey: string, keyDate: string, host: string): Buffer {
  const dayKey = createHmac(algorithm, Buffer.from(secretKey, 'utf8')).update(keyDate, 'utf8').digest();
  return createHmac(algorithm, dayKey).update(host, 'utf8').digest();
}
