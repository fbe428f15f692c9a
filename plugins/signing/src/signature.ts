import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveSigningKey } from './signing-key';
import { buildStringToSign, type SignedFields } from './string-to-sign';

/**
 * The lowercase hex HMAC of the string to sign, keyed with the key derived from the secret key,
 * the key date (`YYYYMMDD` of the request date as written: `isoKeyDate` for a signer, the
 * manager's request-date parser for a verifier) and the host.
 */
export function computeSignature(
  algorithm: string,
  secretKey: string,
  keyDate: string,
  fields: SignedFields,
): string {
  const key = deriveSigningKey(algorithm, secretKey, keyDate, fields.host);
  return createHmac(algorithm, key).update(buildStringToSign(algorithm, fields), 'utf8').digest('hex');
}

/**
 * Whether `signature` (from the Authorization header) is the one `secretKey` gives for these
 * fields. The comparison takes the same time wherever the first difference is.
 */
export function signatureMatches(
  algorithm: string,
  secretKey: string,
  keyDate: string,
  fields: SignedFields,
  signature: string,
): boolean {
  const expected = Buffer.from(computeSignature(algorithm, secretKey, keyDate, fields), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
