import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { upstreamSignature } from './upstream-signature';

export interface RecordedRequest {
  method: string;
  /** The raw request target: path and query exactly as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The JSON body, when there was one. */
  json: unknown;
  /** Whether the Authorization header verifies against upstream's algorithm; null when unsigned. */
  signatureValid: boolean | null;
  accessKey: string | null;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
  /** Never answer (to exercise read timeouts). */
  hang?: boolean;
}

export type StandInHandler = (request: RecordedRequest) => StandInAnswer | Promise<StandInAnswer>;

/**
 * A local HTTP server that records what a client sends and answers from a script. It checks each
 * signature with Backend.AI's own JS client as the oracle. It stands in for the manager only in
 * client and CLI tests; the real manager is exercised by the end-to-end suite.
 */
export class ManagerStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;

  constructor(
    private readonly handler: StandInHandler,
    private readonly keypair = {
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        const recorded = this.record(req.method ?? 'GET', req.url ?? '/', req.headers, rawBody);
        this.requests.push(recorded);
        Promise.resolve(this.handler(recorded)).then((answer) => {
          if (answer.hang) return;
          const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
          res.writeHead(
            answer.status,
            payload ? { 'Content-Type': answer.contentType ?? 'application/json' } : {},
          );
          res.end(payload);
        });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    rawBody: Buffer,
  ): RecordedRequest {
    let json: unknown;
    if (/json/.test(String(headers['content-type'])) && rawBody.length > 0)
      json = JSON.parse(rawBody.toString('utf8'));
    const authorization = headers.authorization;
    if (!authorization)
      return { method, path, headers, rawBody, json, signatureValid: null, accessKey: null };
    const match = /^BackendAI signMethod=HMAC-SHA256, credential=([^:]+):([0-9a-f]{64})$/.exec(authorization);
    if (!match) return { method, path, headers, rawBody, json, signatureValid: false, accessKey: null };
    const expected = upstreamSignature({
      accessKey: this.keypair.accessKey,
      secretKey: this.keypair.secretKey,
      method,
      path,
      date: String(headers.date),
      host: String(headers.host),
      contentType: String(headers['content-type'] ?? 'application/octet-stream')
        .split(';')[0]
        .trim()
        .toLowerCase(),
      apiVersion: String(headers['x-backendai-version']),
    });
    return {
      method,
      path,
      headers,
      rawBody,
      json,
      signatureValid: match[2] === expected,
      accessKey: match[1],
    };
  }
}

/** A port on 127.0.0.1 where nothing listens (bound, read, released). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
