import type { IncomingMessage } from 'node:http';
import WebSocket, { type RawData } from 'ws';
import { TesseraError, type KernelTerminal, type TerminalSize } from '@tessera/core';
import type { HttpRpcAddress } from './address';
import { AgentRpcHttpErrors } from './errors';
import { authorizationFor, DATE_HEADER } from './signing';
import type { SigningSecret } from './signing-secret';
import {
  parseAgentTerminalMessage,
  TERMINAL_CLOSE,
  TERMINAL_MAX_BACKLOG,
  terminalTarget,
  type ManagerTerminalMessage,
} from './terminal-wire';
import { decodeCallError, isWireError } from './wire';

/** Output kept while the caller has not attached its listener yet (the oldest dropped beyond). */
const UNHEARD_OUTPUT_LIMIT = 256 * 1024;
/** How often the manager pings a terminal connection; a connection silent for two rounds is dropped. */
const KEEPALIVE_MS = 30_000;

export interface TerminalClientSettings {
  /** How long opening (the upgrade and the shell's start) and each resize may take. */
  callTimeoutMs: number;
  maxBodySize: number;
}

/**
 * Opens a terminal on an agent over agent RPC's WebSocket (see TerminalServer): resolves once the
 * agent says the shell runs, or rejects with the agent's error (`kernel-not-running`,
 * `not-supported`, ... as in process), `agent-rpc-refused` when the transport refused the upgrade
 * (bad signature), or `agent-unreachable`. The handle's `exited` resolves when the connection
 * ends, with the shell's exit code when the agent sent it.
 */
export function openHttpTerminal(
  address: HttpRpcAddress,
  secret: SigningSecret,
  settings: TerminalClientSettings,
  kernelId: string,
  size: TerminalSize,
): Promise<KernelTerminal> {
  const target = terminalTarget(kernelId, size);
  const date = new Date().toISOString();
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const websocket = new WebSocket(`ws://${host}:${address.port}${target}`, {
    headers: {
      [DATE_HEADER]: date,
      authorization: authorizationFor(secret.current, 'GET', target, date, ''),
    },
    handshakeTimeout: settings.callTimeoutMs,
    maxPayload: settings.maxBodySize,
    perMessageDeflate: false,
  });
  const unreachable = (why: string) =>
    new TesseraError('agent-unreachable', `agent RPC openTerminal to ${address.origin} failed: ${why}`, {
      address: address.origin,
      method: 'openTerminal',
    });

  return new Promise<KernelTerminal>((resolve, reject) => {
    let settled = false;
    const fail = (error: TesseraError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      websocket.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          unreachable(`the terminal did not open within ${settings.callTimeoutMs / 1000} s (callTimeout)`),
        ),
      settings.callTimeoutMs,
    );
    websocket.once('unexpected-response', (_req, res: IncomingMessage) => {
      readRefusal(res).then((body) => fail(refusalError(address.origin, res.statusCode ?? 0, body)));
    });
    websocket.on('error', (error: Error) => fail(unreachable(error.message)));
    websocket.once('close', (code, reason) =>
      fail(unreachable(`the connection closed before the terminal opened (${code} ${reason.toString()})`)),
    );
    websocket.once('message', (data: RawData, isBinary: boolean) => {
      const message = isBinary ? null : parseAgentTerminalMessage(toBuffer(data).toString('utf8'));
      if (message?.type === 'error') {
        fail(
          isWireError(message.error)
            ? decodeCallError(message.error)
            : unreachable('the agent failed to open it'),
        );
        return;
      }
      if (message?.type !== 'opened') {
        fail(unreachable('the agent answered something other than a terminal'));
        return;
      }
      settled = true;
      clearTimeout(timer);
      websocket.removeAllListeners('close');
      resolve(new HttpTerminal(websocket, settings.callTimeoutMs, address.origin));
    });
  });
}

/** The manager's handle on a terminal served by an agent over a WebSocket. */
class HttpTerminal implements KernelTerminal {
  readonly exited: Promise<number | null>;
  private readonly listeners: Array<(chunk: Buffer) => void> = [];
  private unheard: Buffer[] = [];
  private unheardBytes = 0;
  private readonly resizes = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextResize = 1;
  private exitCode: number | null = null;

  constructor(
    private readonly websocket: WebSocket,
    private readonly timeoutMs: number,
    private readonly origin: string,
  ) {
    let alive = true;
    const keepalive = setInterval(() => {
      if (!alive) websocket.terminate();
      alive = false;
      websocket.ping();
    }, KEEPALIVE_MS);
    keepalive.unref();
    websocket.on('pong', () => (alive = true));
    websocket.on('error', () => websocket.terminate());
    websocket.on('message', (data: RawData, isBinary: boolean) => this.receive(toBuffer(data), isBinary));
    this.exited = new Promise((resolve) =>
      websocket.once('close', () => {
        clearInterval(keepalive);
        for (const pending of this.resizes.values())
          pending.reject(new Error('the terminal closed before it was resized'));
        this.resizes.clear();
        resolve(this.exitCode);
      }),
    );
  }

  onOutput(listener: (chunk: Buffer) => void): void {
    this.listeners.push(listener);
    if (this.listeners.length > 1) return;
    const kept = this.unheard;
    this.unheard = [];
    this.unheardBytes = 0;
    for (const chunk of kept) listener(chunk);
  }

  write(data: string | Buffer): void {
    if (this.websocket.readyState !== WebSocket.OPEN) return;
    if (this.websocket.bufferedAmount > TERMINAL_MAX_BACKLOG) {
      this.websocket.close(TERMINAL_CLOSE.backlog, 'terminal input backlog exceeded');
      return;
    }
    this.websocket.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { binary: true });
  }

  resize(size: TerminalSize): Promise<void> {
    if (this.websocket.readyState !== WebSocket.OPEN)
      return Promise.reject(new TesseraError('kernel-not-running', 'The terminal is closed'));
    const id = this.nextResize++;
    const message: ManagerTerminalMessage = { type: 'resize', id, rows: size.rows, cols: size.cols };
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.resizes.delete(id);
        reject(
          new TesseraError(
            'agent-unreachable',
            `the agent at ${this.origin} did not resize the terminal in time`,
            {
              address: this.origin,
              method: 'openTerminal',
            },
          ),
        );
      }, this.timeoutMs);
      this.resizes.set(id, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.websocket.send(JSON.stringify(message));
    });
  }

  async close(): Promise<void> {
    if (this.websocket.readyState === WebSocket.OPEN || this.websocket.readyState === WebSocket.CONNECTING) {
      this.websocket.close(TERMINAL_CLOSE.done, 'closed by the manager');
      const cut = setTimeout(() => this.websocket.terminate(), 5000);
      cut.unref();
      await this.exited;
      clearTimeout(cut);
    }
    await this.exited;
  }

  private receive(bytes: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.deliver(bytes);
      return;
    }
    const message = parseAgentTerminalMessage(bytes.toString('utf8'));
    if (message?.type === 'exit') this.exitCode = message.exitCode;
    else if (message?.type === 'resized') {
      const pending = this.resizes.get(message.id);
      this.resizes.delete(message.id);
      if (!pending) return;
      if (message.error && isWireError(message.error)) pending.reject(decodeCallError(message.error));
      else pending.resolve();
    } else this.websocket.close(TERMINAL_CLOSE.invalid, 'unexpected control message');
  }

  private deliver(chunk: Buffer): void {
    if (this.listeners.length > 0) {
      for (const listener of this.listeners) listener(chunk);
      return;
    }
    this.unheard.push(chunk);
    this.unheardBytes += chunk.length;
    while (this.unheardBytes > UNHEARD_OUTPUT_LIMIT && this.unheard.length > 1)
      this.unheardBytes -= this.unheard.shift()!.length;
  }
}

function readRefusal(res: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    res.once('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    res.once('error', () => resolve(undefined));
  });
}

function refusalError(origin: string, status: number, body: unknown): TesseraError {
  const wire = (body as { error?: unknown } | undefined)?.error;
  if (isWireError(wire))
    return AgentRpcHttpErrors.error(
      'agent-rpc-refused',
      `agent at ${origin} refused openTerminal (HTTP ${status}): ${wire.message}`,
      { address: origin, method: 'openTerminal', status, remoteCode: wire.code },
    );
  return new TesseraError(
    'agent-unreachable',
    `agent RPC openTerminal to ${origin} got HTTP ${status} without an agent RPC answer (a proxy, or not an agent?)`,
    { address: origin, method: 'openTerminal', status },
  );
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
