import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { PROBLEM_TYPE_PREFIX, type AgentRpc, type KernelTerminal, type Logger } from '@tessera/core';
import { DATE_HEADER, dateProblem, parseAuthorization, signatureMatches } from './signing';
import type { SigningSecret } from './signing-secret';
import {
  parseManagerTerminalMessage,
  parseTerminalTarget,
  TERMINAL_CLOSE,
  TERMINAL_MAX_BACKLOG,
  type AgentTerminalMessage,
} from './terminal-wire';
import { encodeCallError, type WireError } from './wire';

/** What the terminal side reads from the transport's settings on every connection. */
export interface TerminalServerSettings {
  maxBodySize: number;
  maxClockSkewMs: number;
}

/**
 * The agent's side of terminals over agent RPC: a signed WebSocket upgrade on the RPC port
 * (`GET /terminal/<kernelId>?rows=&cols=`, signed like a call with an empty body), then the
 * terminal's bytes in binary frames and control messages in text frames (see terminal-wire).
 * Either side closing ends the other: the socket closing closes the terminal, the shell ending
 * closes the socket.
 */
export class TerminalServer {
  private readonly websockets: WebSocketServer;
  private readonly open = new Set<WebSocket>();

  constructor(
    private readonly rpc: AgentRpc,
    private readonly secret: SigningSecret,
    private readonly settings: () => TerminalServerSettings,
    private readonly log: Logger,
  ) {
    this.websockets = new WebSocketServer({ noServer: true, maxPayload: settings().maxBodySize });
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const target = req.url ?? '/';
    const refusal = this.refusalOf(req, target);
    if (refusal) {
      if (refusal.status === 401)
        this.log.warn('agent RPC terminal refused', {
          remote: req.socket.remoteAddress,
          path: target.slice(0, 200),
          reason: refusal.message,
        });
      refuse(socket, refusal);
      return;
    }
    const { kernelId, size } = parseTerminalTarget(target)!;
    this.websockets.handleUpgrade(req, socket, head, (websocket) => {
      this.open.add(websocket);
      websocket.once('close', () => this.open.delete(websocket));
      void this.serve(websocket, kernelId, size);
    });
  }

  /** Closes every terminal connection (1001); their terminals close as the sockets do. */
  async close(): Promise<void> {
    const closed = [...this.open].map(
      (websocket) =>
        new Promise<void>((resolve) => {
          websocket.once('close', () => resolve());
          websocket.close(TERMINAL_CLOSE.goingAway, 'agent RPC stopping');
          setTimeout(() => websocket.terminate(), 2000).unref();
        }),
    );
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.websockets.close(() => resolve()));
  }

  private refusalOf(req: IncomingMessage, target: string): WireError | undefined {
    if (!parseTerminalTarget(target))
      return refusal(404, 'agent-rpc-not-found', `no agent RPC terminal at ${target.slice(0, 200)}`);
    if (req.method !== 'GET')
      return refusal(
        405,
        'agent-rpc-method-not-allowed',
        'terminals are opened with GET and Upgrade: websocket',
      );
    const date = header(req, DATE_HEADER);
    const dateIssue = dateProblem(date, Date.now(), this.settings().maxClockSkewMs);
    if (dateIssue) return unauthorized(dateIssue);
    const authorization = parseAuthorization(header(req, 'authorization'));
    if ('problem' in authorization) return unauthorized(authorization.problem);
    if (!signatureMatches(authorization.signature, this.secret.accepted(), 'GET', target, date!, ''))
      return unauthorized('the signature does not match (is the cluster secret the same on both sides?)');
    return undefined;
  }

  private async serve(websocket: WebSocket, kernelId: string, size: { rows: number; cols: number }) {
    const log = this.log.child({ kernelId });
    let terminal: KernelTerminal;
    try {
      terminal = await this.rpc.openTerminal(kernelId, size);
    } catch (error) {
      send(websocket, { type: 'error', error: encodeCallError(error) });
      websocket.close(TERMINAL_CLOSE.failed, 'the terminal could not be opened');
      return;
    }
    if (websocket.readyState !== websocket.OPEN) {
      await terminal.close();
      return;
    }
    send(websocket, { type: 'opened' });
    terminal.onOutput((chunk) => {
      if (websocket.readyState !== websocket.OPEN) return;
      if (websocket.bufferedAmount > TERMINAL_MAX_BACKLOG) {
        log.warn('terminal output is not read fast enough; closing the terminal', {
          backlog: websocket.bufferedAmount,
        });
        websocket.close(TERMINAL_CLOSE.backlog, 'terminal output backlog exceeded');
        return;
      }
      websocket.send(chunk, { binary: true });
    });
    websocket.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = toBuffer(data);
      if (isBinary) {
        terminal.write(bytes);
        return;
      }
      const message = parseManagerTerminalMessage(bytes.toString('utf8'));
      if ('problem' in message) {
        websocket.close(TERMINAL_CLOSE.invalid, message.problem.slice(0, 120));
        return;
      }
      terminal.resize({ rows: message.rows, cols: message.cols }).then(
        () => send(websocket, { type: 'resized', id: message.id }),
        (error: unknown) =>
          send(websocket, { type: 'resized', id: message.id, error: encodeCallError(error) }),
      );
    });
    websocket.once('close', () => void terminal.close().catch(() => undefined));
    const exitCode = await terminal.exited;
    send(websocket, { type: 'exit', exitCode });
    if (websocket.readyState === websocket.OPEN) websocket.close(TERMINAL_CLOSE.done, 'the shell ended');
  }
}

function send(websocket: WebSocket, message: AgentTerminalMessage): void {
  if (websocket.readyState === websocket.OPEN) websocket.send(JSON.stringify(message));
}

function refusal(status: number, code: string, message: string): WireError {
  const problem = status === 401 ? 'auth-failed' : status === 404 ? 'url-not-found' : 'generic-bad-request';
  return { code, message, details: {}, status, type: PROBLEM_TYPE_PREFIX + problem, origin: 'transport' };
}

function unauthorized(why: string): WireError {
  return refusal(401, 'agent-rpc-unauthorized', `agent RPC request refused: ${why}`);
}

/** Answers a refused upgrade as the HTTP calls are answered (`{"error": ...}`), then closes. */
function refuse(socket: Duplex, error: WireError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error });
  socket.end(
    [
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Refused'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(error.status === 401 ? ['WWW-Authenticate: Tessera-HMAC-SHA256'] : []),
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
