import { bodyHash } from './body-hash';
import { signedContentType } from './content-type';

/** What of a request takes part in its signature (api-spec §1.2), as sent on the wire. */
export interface SignedFields {
  method: string;
  /** The request path with its query string, undecoded, exactly as sent: `/folders?group_id=abc`. */
  pathWithQuery: string;
  /** The `Date` (or `X-BackendAI-Date`) header value exactly as sent: the string is signed, not the instant. */
  rawDate: string;
  /** The `Host` header value, including `:port` (or the host of `X-Forwarded-URL` behind a proxy). */
  host: string;
  /** The `Content-Type` header as sent; only its lowercased MIME type is signed (`signedContentType`). */
  contentType: string | undefined;
  /** The `X-BackendAI-Version` (or legacy `X-Sorna-Version`) value, e.g. `v9.20250722`. */
  apiVersion: string;
  /** Which header carried the version: the string to sign names it. Defaults to `x-backendai-version`. */
  versionHeader?: 'x-backendai-version' | 'x-sorna-version';
  /** The request body; hashed only for API versions before v4.20181215 (see `bodyHash`). */
  body?: string | Uint8Array;
}

/**
 * The seven lines, joined by LF with no trailing newline, that the signature is an HMAC of:
 * method, path with query, date, `host:`, `content-type:`, the version line and the body hash.
 */
export function buildStringToSign(algorithm: string, fields: SignedFields): string {
  const contentType = signedContentType(fields.contentType);
  return [
    fields.method.toUpperCase(),
    fields.pathWithQuery,
    fields.rawDate,
    `host:${fields.host}`,
    `content-type:${contentType}`,
    `${fields.versionHeader ?? 'x-backendai-version'}:${fields.apiVersion}`,
    bodyHash(algorithm, fields.apiVersion, contentType, fields.body),
  ].join('\n');
}
