import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  AGENT_RPC_METHODS,
  PROBLEM_TYPE_PREFIX,
  TesseraError,
  type AgentRpc,
  type Logger,
  type RpcServing,
} from '@tessera/core';
import { parseHttpRpcAddress } from './address';
import { DATE_HEADER, dateProblem, parseAuthorization, signatureMatches } from './signing';
import type { SigningSecret } from './signing-secret';
import { TerminalServer } from './terminal-server';
import { encodeCallError, type WireError } from './wire';

/** What the serving side reads from the transport's settings on every request (they may change). */
export interface ServerSettings {
  maxBodySize: number;
  maxClockSkewMs: number;
}

/** A running agent RPC server. `url` has the port it really listens on (`:0` picks one). */
export interface HttpRpcServing extends RpcServing {
  readonly url: string;
  /** The node:http server, for tests that need to reach under the transport. */
  readonly server: Server;
}

const KNOWN_METHODS: ReadonlySet<string> = new Set(AGENT_RPC_METHODS);
const RPC_PATH = /^\/rpc\/([A-Za-z0-9_-]{1,100})$/;
/** How long `close` waits for calls in progress before cutting their connections. */
const CLOSE_GRACE_MS = 5000;

/** A refusal by the transport, answered as `{ "error": ... }` with origin `transport`. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Serves one AgentRpc on `http://host:port`: `POST /rpc/<method>` with `{ "args": [...] }`,
 * signed with the cluster secret; terminals as signed WebSocket upgrades on
 * `/terminal/<kernelId>` (TerminalServer); `GET /health` unauthenticated for probes.
 */
export async function serveHttpRpc(
  address: string,
  rpc: AgentRpc,
  secret: SigningSecret,
  settings: () => ServerSettings,
  log: Logger,
): Promise<HttpRpcServing> {
  const { host, port } = parseHttpRpcAddress(address);
  const server = createServer((req, res) => void handle(req, res, rpc, secret, settings(), log));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const terminals = new TerminalServer(rpc, secret, settings, log);
  server.on('upgrade', (req, socket, head) => terminals.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TesseraError(
          'start-failed',
          `cannot listen for agent RPC on ${address}: ${error.code ?? error.message}`,
          { address, code: error.code },
          {},
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${bound}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    close() {
      closing ??= terminals.close().then(
        () =>
          new Promise<void>((resolve) => {
            const cut = setTimeout(() => {
              for (const socket of sockets) socket.destroy();
            }, CLOSE_GRACE_MS);
            cut.unref();
            server.close(() => {
              clearTimeout(cut);
              resolve();
            });
            server.closeIdleConnections();
          }),
      );
      return closing;
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  rpc: AgentRpc,
  secret: SigningSecret,
  settings: ServerSettings,
  log: Logger,
): Promise<void> {
  const path = req.url ?? '/';
  try {
    if (path === '/health' || path.startsWith('/health?')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new Refusal(
          405,
          'agent-rpc-method-not-allowed',
          '/health answers GET',
          {},
          { allow: 'GET, HEAD' },
        );
      }
      answer(res, 200, { status: 'ok' });
      return;
    }
    const match = RPC_PATH.exec(path);
    if (!match) {
      throw new Refusal(
        404,
        'agent-rpc-not-found',
        `no agent RPC at ${path.slice(0, 200)}; calls are POST /rpc/<method>`,
        {
          methods: AGENT_RPC_METHODS,
        },
      );
    }
    if (req.method !== 'POST') {
      throw new Refusal(
        405,
        'agent-rpc-method-not-allowed',
        'agent RPC calls are POST requests',
        {},
        { allow: 'POST' },
      );
    }
    const date = header(req, DATE_HEADER);
    const dateIssue = dateProblem(date, Date.now(), settings.maxClockSkewMs);
    if (dateIssue) throw unauthorized(dateIssue);
    const authorization = parseAuthorization(header(req, 'authorization'));
    if ('problem' in authorization) throw unauthorized(authorization.problem);
    const body = await readBody(req, settings.maxBodySize);
    if (!signatureMatches(authorization.signature, secret.accepted(), req.method, path, date!, body)) {
      throw unauthorized('the signature does not match (is the cluster secret the same on both sides?)');
    }
    const method = match[1];
    const handler = (rpc as unknown as Record<string, unknown>)[method];
    if (!KNOWN_METHODS.has(method) || typeof handler !== 'function') {
      throw new Refusal(
        404,
        'agent-rpc-unknown-method',
        `agent RPC has no method ${JSON.stringify(method)}`,
        {
          method,
          methods: AGENT_RPC_METHODS.filter(
            (known) => typeof (rpc as unknown as Record<string, unknown>)[known] === 'function',
          ),
        },
      );
    }
    const args = parseArgs(body);
    let result: unknown;
    try {
      result = await (handler as (...values: unknown[]) => unknown).apply(rpc, args);
    } catch (error) {
      const wire = encodeCallError(error);
      log.debug('agent RPC call failed', { method, code: wire.code, status: wire.status });
      answer(res, wire.status, { error: wire });
      return;
    }
    answer(res, 200, result === undefined ? {} : { result });
  } catch (error) {
    if (req.destroyed && !(error instanceof Refusal)) {
      log.debug('agent RPC caller went away before its request was read', { path: path.slice(0, 200) });
      return;
    }
    const refusal = error instanceof Refusal ? error : internalRefusal(error, path, log);
    if (refusal.status === 401 || refusal.status === 413) {
      log.warn('agent RPC request refused', {
        remote: req.socket.remoteAddress,
        path: path.slice(0, 200),
        status: refusal.status,
        reason: refusal.message,
      });
    }
    const wire: WireError = {
      code: refusal.code,
      message: refusal.message,
      details: refusal.details,
      status: refusal.status,
      type: PROBLEM_TYPE_PREFIX + problemOf(refusal.status),
      origin: 'transport',
    };
    // A refused request may still be sending its body: close the connection after the answer
    // rather than read what is left of it.
    const close = !req.complete;
    answer(
      res,
      refusal.status,
      { error: wire },
      { ...refusal.headers, ...(close ? { connection: 'close' } : {}) },
    );
  }
}

function internalRefusal(error: unknown, path: string, log: Logger): Refusal {
  log.error('agent RPC request failed in the transport', { path: path.slice(0, 200), error: String(error) });
  return new Refusal(500, 'agent-rpc-transport-error', `the agent RPC server failed: ${String(error)}`);
}

function problemOf(status: number): string {
  if (status === 401) return 'auth-failed';
  if (status === 404) return 'url-not-found';
  if (status >= 500) return 'internal-server-error';
  return 'generic-bad-request';
}

function unauthorized(why: string): Refusal {
  return new Refusal(
    401,
    'agent-rpc-unauthorized',
    `agent RPC request refused: ${why}`,
    {},
    {
      'www-authenticate': 'Tessera-HMAC-SHA256',
    },
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body, refused with 413 past `limit` bytes (by its Content-Length or as it arrives). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new Refusal(
      413,
      'agent-rpc-body-too-large',
      `the request body is larger than ${limit} bytes (maxBodySize)`,
      {
        limit,
      },
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => reject(new Error('the connection closed before the whole request arrived')));
  });
}

function parseArgs(body: Buffer): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refusal(400, 'agent-rpc-bad-request', 'the request body is not JSON');
  }
  const args = (parsed as { args?: unknown } | null)?.args;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(args)) {
    throw new Refusal(400, 'agent-rpc-bad-request', 'the request body is not {"args": [...]}');
  }
  return args;
}

function answer(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    status = 500;
    text = JSON.stringify({
      error: {
        code: 'internal-error',
        message: `the agent's answer cannot be sent as JSON: ${String(error)}`,
        details: {},
        status: 500,
        type: PROBLEM_TYPE_PREFIX + 'internal-server-error',
        origin: 'agent',
      } satisfies WireError,
    });
  }
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
