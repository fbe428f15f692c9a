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
  const dayKey = createHmac(algorithm, Buffer.from(secretKey, 'utf8')).update(keyDate, 'utf8').digest();
  return createHmac(algorithm, dayKey).update(host, 'utf8').digest();
}
