import WebSocket from 'ws';
import { BackendClientError } from './errors';
import { openSignedSocket } from './execute-stream';
import type { ManagerConnection } from './manager-connection';

/** Options of `Client.openTerminal`. */
export interface TerminalOptions {
  /** The size to open at; sent as the first `resize` (the manager starts at 24×80 otherwise). */
  rows?: number;
  cols?: number;
  /** Aborting closes the terminal; `ended` then resolves with `how: 'aborted'`. */
  signal?: AbortSignal;
  /** Only an admin acting for another keypair. */
  ownerAccessKey?: string;
  /** Output as it arrives; when given, the handle's async iterator yields nothing. */
  onOutput?: (data: Buffer) => void;
  /** The manager's `{type: "error"}` messages (a refused resize, a failed restart, a malformed message). */
  onError?: (message: string) => void;
}

/**
 * How a terminal ended. `exited`: the manager closed normally (the shell exited or the session
 * ended); `closed`: this side called `close()`; `aborted`: the signal fired; `server-stopping`: the
 * manager is shutting down (1001); `failed`: a restart could not open a new shell (1011);
 * `too-slow`: output piled up unread (4008); `connection-lost`: anything else.
 */
export interface TerminalEnd {
  how: 'exited' | 'closed' | 'aborted' | 'server-stopping' | 'failed' | 'too-slow' | 'connection-lost';
  /** The WebSocket close code (1006 when the connection dropped). */
  code: number;
  /** The close reason the manager gave, or the last `error` message it sent before closing. */
  reason: string;
}

const MAX_SIZE = 1000;

/**
 * An open `/stream/session/:id/pty`. Output arrives base64-decoded through `onOutput` or the async
 * iterator (which finishes when the terminal ends); `ended` resolves once with how it ended and
 * never rejects.
 */
export class TerminalStream implements AsyncIterable<Buffer> {
  /** Resolves when the socket is closed, whoever closed it. */
  readonly ended: Promise<TerminalEnd>;
  private readonly queue: Buffer[] = [];
  private wake: (() => void) | undefined;
  private finished = false;
  private closing: TerminalEnd['how'] | undefined;
  private lastError = '';
  private resolveEnded!: (end: TerminalEnd) => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly what: string,
    private readonly options: Pick<TerminalOptions, 'onOutput' | 'onError'> = {},
  ) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString('utf8')));
    socket.on('error', (error) => (this.lastError ||= error.message));
  }

  /** Writes bytes (a string is sent as UTF-8) to the shell's stdin. */
  write(bytes: Uint8Array | string): void {
    const chars = Buffer.from(bytes).toString('base64');
    this.send({ type: 'stdin', chars });
  }

  /** Resizes the tty; rows and cols are whole numbers from 1 to 1000. */
  resize(rows: number, cols: number): void {
    checkSize('rows', rows);
    checkSize('cols', cols);
    this.send({ type: 'resize', rows, cols });
  }

  /** A keep-alive message; the manager answers nothing. */
  ping(): void {
    this.send({ type: 'ping' });
  }

  /** Closes the shell and opens a new one of the last size (the kernel is untouched). */
  restart(): void {
    this.send({ type: 'restart' });
  }

  /** Closes the terminal; `ended` resolves with `how: 'closed'`. */
  close(): void {
    this.end('closed');
  }

  /** Whether messages can still be sent. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && this.closing === undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** @internal Ends the terminal for the signal. */
  abort(): void {
    this.end('aborted');
  }

  private end(how: TerminalEnd['how']): void {
    this.closing ??= how;
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
  }

  private send(message: Record<string, unknown>): void {
    if (!this.open) {
      throw new BackendClientError('connection-lost', `${this.what}: the terminal is closed`);
    }
    this.socket.send(JSON.stringify(message));
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(data.toString('utf8'));
    } catch {
      message = undefined;
    }
    const record =
      typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    if (record.type === 'out' && typeof record.data === 'string') {
      const bytes = Buffer.from(record.data, 'base64');
      if (this.options.onOutput) this.options.onOutput(bytes);
      else {
        this.queue.push(bytes);
        this.wake?.();
      }
      return;
    }
    const text =
      record.type === 'error'
        ? String(record.data ?? 'the manager reported an error')
        : 'the manager sent a message that is not a terminal message';
    this.lastError = text;
    this.options.onError?.(text);
  }

  private onClose(code: number, reason: string): void {
    this.finished = true;
    this.wake?.();
    this.resolveEnded({ how: this.closing ?? howOf(code), code, reason: reason || this.lastError });
  }
}

function howOf(code: number): TerminalEnd['how'] {
  switch (code) {
    case 1000:
      return 'exited';
    case 1001:
      return 'server-stopping';
    case 1011:
      return 'failed';
    case 4008:
      return 'too-slow';
    default:
      return 'connection-lost';
  }
}

function checkSize(field: 'rows' | 'cols', value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIZE) {
    throw new RangeError(
      `terminal ${field} must be a whole number from 1 to ${MAX_SIZE}, got ${String(value)}`,
    );
  }
}

/**
 * Opens `/stream/session/:id/pty` with the same signed handshake as the execute stream. A refused
 * handshake (the session not running, a backend without terminals) throws the manager's problem as
 * BackendAPIError.
 */
export async function openTerminalStream(
  connection: ManagerConnection,
  sessionId: string,
  options: TerminalOptions = {},
): Promise<TerminalStream> {
  if ((options.rows === undefined) !== (options.cols === undefined)) {
    throw new RangeError('give the terminal size as both rows and cols, or neither');
  }
  if (options.rows !== undefined) checkSize('rows', options.rows);
  if (options.cols !== undefined) checkSize('cols', options.cols);
  const socket = await openSignedSocket(
    connection,
    `/stream/session/${encodeURIComponent(sessionId)}/pty`,
    { owner_access_key: options.ownerAccessKey },
    options.signal,
  );
  const terminal = new TerminalStream(socket, `terminal of session ${sessionId}`, options);
  const { signal } = options;
  if (signal) {
    const onAbort = (): void => terminal.abort();
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void terminal.ended.then(() => signal.removeEventListener('abort', onAbort));
  }
  if (options.rows !== undefined && options.cols !== undefined && terminal.open) {
    terminal.resize(options.rows, options.cols);
  }
  return terminal;
}
