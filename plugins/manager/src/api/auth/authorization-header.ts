import { hashAlgorithmFor } from './signature';

export interface ParsedAuthorization {
  /** Node's hash algorithm name (`sha256`). */
  algorithm: string;
  accessKey: string;
  signature: string;
}

export type AuthorizationParse = { ok: true; value: ParsedAuthorization } | { ok: false; reason: string };

/**
 * Parses `BackendAI signMethod=HMAC-SHA256, credential=<access-key>:<signature>` (the legacy
 * `Sorna` type is accepted too). Returns why it is malformed rather than throwing.
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
    return { ok: false, reason: `unsupported signMethod "${signMethod}" (use HMAC-SHA256)` };
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
