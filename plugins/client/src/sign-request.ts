import { createHash, createHmac } from 'node:crypto';
import { signsRequestBody } from './api-version';

/** Everything that takes part in a request signature (api-spec §1). */
export interface SignRequestInput {
  method: string;
  /** The path exactly as sent, with its query string: `/folders?group_id=abc`. */
  path: string;
  /** The raw `Date` / `X-BackendAI-Date` header value, e.g. `2024-01-02T03:04:05.678Z`. */
  date: string;
  /** The `Host` header: host name plus `:port` when the port is not the scheme's default. */
  host: string;
  /** The MIME type only (no `; charset=`), as the manager reads it. */
  contentType: string;
  /** The `X-BackendAI-Version` value, e.g. `v9.20250722`. */
  apiVersion: string;
  accessKey: string;
  secretKey: string;
  /** Hashed only for API versions older than v4.20181215, and never for multipart bodies. */
  body?: string | Uint8Array;
  /** Legacy managers sign the version line as `x-sorna-version`. */
  versionHeader?: 'x-backendai-version' | 'x-sorna-version';
}

export interface SignedRequest {
  /** The value of the `Authorization` header. */
  authorization: string;
  signature: string;
  stringToSign: string;
}

const HASH = 'sha256';

/**
 * Signs one request the way the Backend.AI manager verifies it: the signing key is
 * HMAC(HMAC(secret, yyyymmdd of the request date), host), and the signature is the hex HMAC of a
 * seven-line string with that key.
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  const contentType = mimeTypeOnly(input.contentType);
  const signedBody =
    signsRequestBody(input.apiVersion) && !contentType.startsWith('multipart/') ? (input.body ?? '') : '';
  const stringToSign = [
    input.method.toUpperCase(),
    input.path,
    input.date,
    `host:${input.host}`,
    `content-type:${contentType}`,
    `${input.versionHeader ?? 'x-backendai-version'}:${input.apiVersion}`,
    createHash(HASH).update(signedBody).digest('hex'),
  ].join('\n');
  const key = deriveSigningKey(input.secretKey, input.date, input.host);
  const signature = createHmac(HASH, key).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `BackendAI signMethod=HMAC-SHA256, credential=${input.accessKey}:${signature}`,
    signature,
    stringToSign,
  };
}

/** The signing key: HMAC(HMAC(secret, yyyymmdd), host), raw bytes. */
export function deriveSigningKey(secretKey: string, date: string, host: string): Buffer {
  const dayKey = createHmac(HASH, Buffer.from(secretKey, 'utf8')).update(dateStamp(date), 'utf8').digest();
  return createHmac(HASH, dayKey).update(host, 'utf8').digest();
}

/**
 * The `YYYYMMDD` of a date header as the manager reads it: the calendar date written in the
 * header, in the header's own time zone. ISO 8601 values (with or without dashes) carry it
 * literally; other forms (RFC 822 `Tue, 02 Jan 2024 03:04:05 GMT`) are parsed and taken in UTC.
 */
export function dateStamp(date: string): string {
  const iso = /^\s*(\d{4})-?(\d{2})-?(\d{2})/.exec(date);
  if (iso) return `${iso[1]}${iso[2]}${iso[3]}`;
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`cannot read the request date "${date}"`);
  return parsed.toISOString().slice(0, 10).replace(/-/g, '');
}

function mimeTypeOnly(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
