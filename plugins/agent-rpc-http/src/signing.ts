import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The `Authorization` scheme of agent RPC requests: `Tessera-HMAC-SHA256 <hex signature>`. */
export const AUTH_SCHEME = 'Tessera-HMAC-SHA256';
/** The header carrying the request's ISO 8601 time, which the signature covers. */
export const DATE_HEADER = 'x-tessera-date';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SIGNATURE = /^[0-9a-f]{64}$/i;

export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** What is signed: `METHOD\npath\ndate\nsha256-hex(body)`, the path as sent (with its query, if any). */
export function stringToSign(method: string, path: string, date: string, body: string | Buffer): string {
  return `${method.toUpperCase()}\n${path}\n${date}\n${sha256Hex(body)}`;
}

function hmac(secret: string, method: string, path: string, date: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret)
    .update(stringToSign(method, path, date, body))
    .digest();
}

/** The `Authorization` header value of a request. */
export function authorizationFor(
  secret: string,
  method: string,
  path: string,
  date: string,
  body: string | Buffer,
): string {
  return `${AUTH_SCHEME} ${hmac(secret, method, path, date, body).toString('hex')}`;
}

/** The signature an `Authorization` header carries, or why it carries none. */
export function parseAuthorization(header: string | undefined): { signature: Buffer } | { problem: string } {
  if (!header) return { problem: `no Authorization header (expected "${AUTH_SCHEME} <signature>")` };
  const [scheme, signature, ...rest] = header.trim().split(/\s+/);
  if (scheme !== AUTH_SCHEME || rest.length > 0 || !signature) {
    return { problem: `the Authorization header is not "${AUTH_SCHEME} <signature>"` };
  }
  if (!SIGNATURE.test(signature)) return { problem: 'the signature is not 64 hexadecimal digits' };
  return { signature: Buffer.from(signature, 'hex') };
}

/**
 * Why a request's date is unacceptable, or undefined when it is an ISO time within `maxSkewMs`
 * of `now` (either way: a fast or a slow clock).
 */
export function dateProblem(date: string | undefined, now: number, maxSkewMs: number): string | undefined {
  if (!date) return 'no X-Tessera-Date header';
  if (!ISO_TIME.test(date) || Number.isNaN(Date.parse(date))) {
    return `X-Tessera-Date ${JSON.stringify(date.slice(0, 64))} is not an ISO 8601 time`;
  }
  const skew = Date.parse(date) - now;
  if (Math.abs(skew) > maxSkewMs) {
    return `X-Tessera-Date is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'behind' : 'ahead of'} this host's clock (clock skew; at most ${Math.round(maxSkewMs / 1000)} s is accepted)`;
  }
  return undefined;
}

/** Whether `signature` is the request's HMAC under one of `secrets`; compared in constant time. */
export function signatureMatches(
  signature: Buffer,
  secrets: readonly string[],
  method: string,
  path: string,
  date: string,
  body: string | Buffer,
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, method, path, date, body);
    if (expected.length === signature.length && timingSafeEqual(expected, signature)) matched = true;
  }
  return matched;
}
