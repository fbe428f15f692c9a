import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '@tessera/core';
import type { AccessPolicy } from '../access/access-policy';
import type { StreamHandler, StreamRouteContribution } from '../extension-points/stream-routes';
import { ManagerErrors } from '../manager-errors';
import type { RequestAuthenticator } from './auth/auth-middleware';
import { describe, problemBody, toTesseraError } from './problem-response';
import { compileStreamPath, type StreamPathMatcher } from './stream-path';
import { pathWithoutVersionPrefix } from './version-prefix';

export interface StreamServerOptions {
  routes: readonly StreamRouteContribution[];
  authenticate: RequestAuthenticator;
  /** Handed to each route's `accept` with the request. */
  access: AccessPolicy;
  log: Logger;
  /** Largest message a client may send (`ws`' maxPayload); larger ones close the socket with 1009. */
  maxMessageBytes: number;
  /** How long `close` waits for handlers to end, then for sockets to close, before forcing them. */
  closeGraceMs?: number;
}

interface CompiledRoute {
  match: StreamPathMatcher;
  contribution: StreamRouteContribution;
}

/**
 * The WebSocket side of the API: answers the HTTP server's `upgrade` requests for the contributed
 * stream routes. A handshake goes through what a REST request goes through (the `/v<major>`
 * prefix, the route match, the signature check) and then the route's `accept`; any refusal is a
 * problem+json response written on the raw connection before anything is upgraded. Accepted
 * handshakes are upgraded with `ws` and served by the route's handler; `close` ends them all.
 */
export class StreamServer {
  private readonly routes: CompiledRoute[];
  private readonly sockets = new Set<WebSocket>();
  private readonly handlers = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly websockets: WebSocketServer;
  private readonly closeGraceMs: number;

  constructor(private readonly options: StreamServerOptions) {
    const seen = new Set<string>();
    this.routes = options.routes.map((contribution) => {
      if (seen.has(contribution.path))
        throw new Error(`two stream routes claim the path ${contribution.path}`);
      seen.add(contribution.path);
      return { match: compileStreamPath(contribution.path), contribution };
    });
    this.websockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.closeGraceMs = options.closeGraceMs ?? 2000;
  }

  /** Whether a path (without the version prefix) is a contributed stream route. */
  isStreamPath(path: string): boolean {
    return this.routes.some((route) => route.match(path) !== null);
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) =>
      this.options.log.info('stream connection failed', { path: pathOf(request), error: error.message }),
    );
    if (this.stopping.signal.aborted) {
      socket.destroy();
      return;
    }
    this.accept(request).then(
      (handler) =>
        this.websockets.handleUpgrade(request, socket, head, (websocket) =>
          this.serve(websocket, handler, pathOf(request)),
        ),
      (error: unknown) => this.refuse(request, socket, error),
    );
  }

  /**
   * Stops serving: aborts every handler's signal, waits up to the grace period for them to end,
   * closes the sockets still open with 1001 (going away), and terminates those that do not
   * finish the closing handshake in time.
   */
  async close(): Promise<void> {
    this.stopping.abort();
    await within(Promise.allSettled([...this.handlers]), this.closeGraceMs);
    const closed = [...this.sockets].map((websocket) => {
      if (websocket.readyState === WebSocket.CLOSED) return Promise.resolve();
      const done = new Promise<void>((resolve) => websocket.once('close', () => resolve()));
      if (websocket.readyState === WebSocket.OPEN) websocket.close(1001, 'manager stopping');
      return done;
    });
    await within(Promise.all(closed), this.closeGraceMs);
    for (const websocket of this.sockets) websocket.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.websockets.close(() => resolve()));
  }

  private async accept(request: IncomingMessage): Promise<StreamHandler> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://manager');
    const path = pathWithoutVersionPrefix(method, url.pathname);
    let found: { route: CompiledRoute; params: Record<string, string> } | null = null;
    for (const route of method === 'GET' ? this.routes : []) {
      const params = route.match(path);
      if (params) {
        found = { route, params };
        break;
      }
    }
    if (!found) throw ManagerErrors.urlNotFound(method, path);
    const { keypair, apiVersion } = await this.options.authenticate(request);
    return found.route.contribution.accept({
      path,
      params: found.params,
      query: url.searchParams,
      keypair,
      apiVersion,
      access: this.options.access,
      signal: this.stopping.signal,
    });
  }

  private refuse(request: IncomingMessage, socket: Duplex, error: unknown): void {
    const problem = toTesseraError(error);
    if (problem.status >= 500) {
      this.options.log.error('stream handshake failed', {
        path: pathOf(request),
        code: problem.code,
        error: describe(error),
      });
    }
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const body = problemBody(problem);
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}`,
        'Server: BackendAI',
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }

  private serve(websocket: WebSocket, handler: StreamHandler, path: string): void {
    this.sockets.add(websocket);
    websocket.once('close', () => this.sockets.delete(websocket));
    websocket.on('error', (error) =>
      this.options.log.info('stream socket failed', { path, error: error.message }),
    );
    if (this.stopping.signal.aborted) {
      websocket.close(1001, 'manager stopping');
      return;
    }
    const served = (async () => {
      try {
        await handler(websocket);
        if (websocket.readyState === WebSocket.OPEN) websocket.close(1000);
      } catch (error) {
        this.options.log.error('stream handler failed', { path, error: describe(error) });
        if (websocket.readyState === WebSocket.OPEN) websocket.close(1011, 'internal error');
      }
    })();
    this.handlers.add(served);
    void served.finally(() => this.handlers.delete(served));
  }
}

/** The request's path without the query (which may carry tokens that do not belong in logs). */
function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0]!;
}

/** Waits for `promise`, or `ms` milliseconds, whichever comes first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
