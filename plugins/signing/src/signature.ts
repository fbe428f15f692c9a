import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseRequestDate } from './request-date';
import { deriveSigningKey } from './signing-key';
import { buildStringToSign, type SignedFields } from './string-to-sign';

/**
 * The lowercase hex HMAC of the string to sign, keyed with the key derived from the secret key,
 * the date as written in `fields.rawDate` and the host. Throws a RangeError when `rawDate` is not
 * a date `parseRequestDate` reads: a verifier checks the date before it gets here, and a signer
 * writes the date itself.
 */
export function computeSignature(algorithm: string, secretKey: string, fields: SignedFields): string {
  const date = parseRequestDate(fields.rawDate);
  if (!date) throw new RangeError(`cannot read the request date "${fields.rawDate}"`);
  const key = deriveSigningKey(algorithm, secretKey, date.keyDate, fields.host);
  return createHmac(algorithm, key).update(buildStringToSign(algorithm, fields), 'utf8').digest('hex');
}

/**
 * Whether `signature` (from the Authorization header) is the one `secretKey` gives for these
 * fields. The comparison takes the same time wherever the first difference is.
 */
export function signatureMatches(
  algorithm: string,
  secretKey: string,
  fields: SignedFields,
  signature: string,
): boolean {
  const expected = Buffer.from(computeSignature(algorithm, secretKey, fields), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
