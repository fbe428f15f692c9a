import { hashAlgorithmFor } from './hash-algorithm';

/** The `signMethod` clients send. */
export const SIGN_METHOD = 'HMAC-SHA256';

export interface ParsedAuthorization {
  /** Node's hash algorithm name (`sha256`). */
  algorithm: string;
  accessKey: string;
  signature: string;
}

export type AuthorizationParse = { ok: true; value: ParsedAuthorization } | { ok: false; reason: string };

/** `BackendAI signMethod=HMAC-SHA256, credential=<access key>:<hex signature>` */
export function formatAuthorization(accessKey: string, signature: string): string {
  return `BackendAI signMethod=${SIGN_METHOD}, credential=${accessKey}:${signature}`;
}

/**
 * Parses an Authorization header the way the manager does (api-spec §1.5): the type `BackendAI`
 * (or the legacy `Sorna`), then comma-separated `key=value` pairs of which `signMethod`
 * (`HMAC-<hash>`) and `credential` (`<access key>:<signature>`) are required. Returns why it is
 * malformed rather than throwing.
 */
export function parseAuthorization(header: string): AuthorizationParse {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const type = space === -1 ? trimmed : trimmed.slice(0, space);
  if (type !== 'BackendAI' && type !== 'Sorna') {
    return { ok: false, reason: 'the Authorization type must be BackendAI' };
  }
  const params = new Map<string, string>();
  for (const piece of trimmed.slice(space + 1).split(',')) {
    const eq = piece.indexOf('=');
    if (eq === -1) continue;
    params.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const signMethod = params.get('signMethod');
  const credential = params.get('credential');
  if (space === -1 || !signMethod || !credential) {
    return { ok: false, reason: 'the Authorization header needs signMethod and credential' };
  }
  const [mac, hashName] = splitOnce(signMethod, '-');
  const algorithm = hashName === undefined ? null : hashAlgorithmFor(hashName);
  if (mac.toUpperCase() !== 'HMAC' || !algorithm) {
    return { ok: false, reason: `unsupported signMethod "${signMethod}" (use ${SIGN_METHOD})` };
  }
  const [accessKey, signature] = splitOnce(credential, ':');
  if (!accessKey || !signature) {
    return { ok: false, reason: 'the credential must be <access-key>:<signature>' };
  }
  return { ok: true, value: { algorithm, accessKey, signature } };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + separator.length)];
}
