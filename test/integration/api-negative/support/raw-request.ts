import { request, type IncomingMessage } from 'node:http';
import { computeSignature, DEFAULT_HASH_ALGORITHM, formatAuthorization } from '@tessera/signing';
import { WebSocket } from 'ws';

export const API_VERSION = 'v9.20250722';

export interface Caller {
  accessKey: string;
  secretKey: string;
}

/**
 * One request of the negative corpus. By default it is correctly signed by `caller` at the current
 * time; each field bends one thing the way a broken or malicious client would.
 */
export interface RawRequest {
  method: string;
  path: string;
  /** Who signs; null sends no Authorization header at all. */
  caller: Caller | null;
  body?: { contentType: string; bytes: Buffer };
  /** The Date header as sent (the signature still covers it, with a valid key date). */
  date?: string;
  /** Signs with this secret instead of the caller's. */
  signingSecret?: string;
  /** Signs this method / path instead of the ones sent. */
  signedMethod?: string;
  signedPath?: string;
  /** The version header as sent and signed; null sends none. */
  version?: string | null;
  /** The Authorization header as sent, whatever the signature would be. */
  authorization?: string;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  json(): Record<string, unknown>;
}

function headersOf(target: URL, spec: RawRequest): Record<string, string> {
  const date = spec.date ?? new Date().toISOString();
  const contentType = spec.body?.contentType ?? 'application/json';
  const version = spec.version === undefined ? API_VERSION : spec.version;
  const headers: Record<string, string> = { Date: date, 'Content-Type': contentType };
  if (version !== null) headers['X-BackendAI-Version'] = version;
  if (spec.authorization !== undefined) headers['Authorization'] = spec.authorization;
  else if (spec.caller) {
    const signed = new URL(spec.signedPath ?? spec.path, target);
    // The key date of a date the server can parse (ISO or RFC 822, taken in UTC); today otherwise.
    const instant = Number.isNaN(Date.parse(date)) ? new Date() : new Date(date);
    const keyDate = instant.toISOString().slice(0, 10).replace(/-/g, '');
    const signature = computeSignature(
      DEFAULT_HASH_ALGORITHM,
      spec.signingSecret ?? spec.caller.secretKey,
      keyDate,
      {
        method: spec.signedMethod ?? spec.method,
        pathWithQuery: signed.pathname + signed.search,
        rawDate: date,
        host: target.host,
        contentType: contentType.split(';')[0]!.trim().toLowerCase(),
        versionHeader: 'x-backendai-version',
        apiVersion: version ?? API_VERSION,
      },
    );
    headers['Authorization'] = formatAuthorization(spec.caller.accessKey, signature);
  }
  return headers;
}

/** Sends a request with node:http (fetch refuses bodies on GET, which the Python SDK sends). */
export async function send(endpoint: string, spec: RawRequest): Promise<RawAnswer> {
  const target = new URL(spec.path, endpoint);
  const headers = headersOf(target, spec);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = request(target, {
      method: spec.method,
      headers: { ...headers, ...(spec.body ? { 'Content-Length': String(spec.body.bytes.length) } : {}) },
    });
    outgoing.on('response', resolve).on('error', reject);
    outgoing.end(spec.body?.bytes);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return {
    status: response.statusCode ?? 0,
    contentType: String(response.headers['content-type'] ?? ''),
    text,
    json: () => JSON.parse(text) as Record<string, unknown>,
  };
}

/** Opens a WebSocket handshake; resolves with the HTTP answer when the server refuses the upgrade. */
export function handshake(endpoint: string, spec: RawRequest): Promise<RawAnswer> {
  const target = new URL(spec.path, endpoint);
  const headers = headersOf(target, spec);
  const url = new URL(target);
  url.protocol = 'ws:';
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.terminate();
      reject(new Error(`${spec.path}: the server accepted the WebSocket handshake`));
    });
    socket.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
        });
      });
    });
    socket.on('error', (error) => reject(error));
  });
}

export function json(value: unknown): { contentType: string; bytes: Buffer } {
  return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(value)) };
}

const BOUNDARY = 'tessera-negative-corpus';

/** A multipart/form-data upload of files under the field `src`, as the clients send it. */
export function multipart(files: Array<{ name: string; content: string }>): {
  contentType: string;
  bytes: Buffer;
} {
  const parts = files.map(
    (file) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="src"; filename="${file.name}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(parts.join('') + `--${BOUNDARY}--\r\n`),
  };
}
