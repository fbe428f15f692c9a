import WebSocket from 'ws';
import { BackendClientError } from './errors';
import type { BatchOptions, ExecutionResult } from './execution-types';
import { TransportFailure } from './http-transport';
import type { ManagerConnection } from './manager-connection';
import { problemFromResponse } from './problem-details';
import type { RunHandlers, RunOutcome } from './run-loop';

/** The first message of `/stream/session/:id/execute`: one run per socket. */
export interface StreamExecuteRequest {
  mode: 'query' | 'batch';
  code?: string;
  options?: BatchOptions | Record<string, unknown>;
  /** 1 to 64 characters; the manager names the run otherwise. */
  runId?: string;
  /** Only an admin acting for another keypair. */
  ownerAccessKey?: string;
  signal?: AbortSignal;
}

/** One message of the stream: a result of one execute step (no `runId` on this wire). */
export type StreamedResult = Omit<ExecutionResult, 'runId'> & { runId?: string };

/**
 * An open execute stream. Iterate it for the run's results, in order, until `finished` (or
 * `exec-timeout`); while the last result is `waiting-input`, answer with `sendInput`. A
 * `{status: "error"}` message or a close before the end is thrown from the iterator as a
 * BackendClientError. `close()` (or breaking out of the loop, or aborting the signal) ends the
 * socket; the manager then interrupts the run.
 */
export class ExecuteStream implements AsyncIterable<StreamedResult> {
  private readonly queue: StreamedResult[] = [];
  private failure: BackendClientError | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly what: string,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString('utf8')));
    socket.on('error', (error) =>
      this.fail(
        new BackendClientError('connection-lost', `${this.what}: ${error.message}`, { cause: error }),
      ),
    );
  }

  /** Sends the user's reply to `waiting-input` (plain text, not JSON). */
  sendInput(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) {
      throw new BackendClientError('connection-lost', `${this.what}: the stream is closed, input not sent`);
    }
    this.socket.send(text);
  }

  /** Ends the stream because the caller gave up: the iterator throws `aborted`. */
  abort(): void {
    this.failure ??= new BackendClientError('aborted', `${this.what}: the run was cancelled`);
    this.close();
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StreamedResult> {
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) {
          yield next;
          if (next.status === 'finished' || next.status === 'exec-timeout') return;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.ended) {
          throw new BackendClientError(
            'connection-lost',
            `${this.what}: the stream ended before the run finished`,
          );
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.close();
    }
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.fail(
        new BackendClientError('bad-response', `${this.what}: the manager sent a message that is not JSON`),
      );
    }
    if (isBinary || typeof message !== 'object' || message === null) {
      return this.fail(new BackendClientError('bad-response', `${this.what}: unexpected message`));
    }
    if (message.status === 'error' || message.status === 'server-restarting') {
      const text = typeof message.msg === 'string' ? message.msg : 'the run failed';
      const reason = message.status === 'server-restarting' ? 'connection-lost' : 'bad-response';
      return this.fail(new BackendClientError(reason, `${this.what}: ${text}`));
    }
    this.queue.push({
      status: message.status as StreamedResult['status'],
      console: Array.isArray(message.console) ? (message.console as StreamedResult['console']) : [],
      exitCode: typeof message.exitCode === 'number' ? message.exitCode : null,
      options: (message.options as StreamedResult['options']) ?? null,
      files: Array.isArray(message.files) ? (message.files as StreamedResult['files']) : [],
      ...(typeof message.runId === 'string' ? { runId: message.runId } : {}),
    });
    this.wake?.();
  }

  private onClose(code: number, reason: string): void {
    if (!this.ended && code !== 1000 && !this.failure) {
      this.failure = new BackendClientError(
        'connection-lost',
        `${this.what}: the manager closed the stream (code ${code}${reason ? `, ${reason}` : ''})`,
      );
    }
    this.ended = true;
    this.wake?.();
  }

  private fail(error: BackendClientError): void {
    this.failure ??= error;
    this.wake?.();
  }
}

/**
 * Opens `/stream/session/:id/execute` with a handshake signed like a REST request (no
 * Content-Type: `application/octet-stream` is signed, as Backend.AI's client does) and sends the
 * first message. A refused handshake throws the manager's problem as BackendAPIError.
 */
export async function openExecuteStream(
  connection: ManagerConnection,
  sessionId: string,
  request: StreamExecuteRequest,
): Promise<ExecuteStream> {
  const socket = await openSignedSocket(
    connection,
    `/stream/session/${encodeURIComponent(sessionId)}/execute`,
    { owner_access_key: request.ownerAccessKey },
    request.signal,
  );
  const stream = new ExecuteStream(socket, `execute stream of session ${sessionId}`);
  const onAbort = (): void => stream.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  socket.once('close', () => request.signal?.removeEventListener('abort', onAbort));
  socket.send(
    JSON.stringify({
      mode: request.mode,
      code: request.code ?? '',
      options: request.options ?? {},
      ...(request.runId !== undefined ? { runId: request.runId } : {}),
    }),
  );
  return stream;
}

/**
 * Opens a manager WebSocket at `path` (over the endpoint fail-over) with the handshake signed like
 * a REST GET without a content type; shared by every `/stream/...` client.
 */
export function openSignedSocket(
  connection: ManagerConnection,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
): Promise<WebSocket> {
  return connection.connect((endpoint) =>
    handshake(connection, connection.urlFor(endpoint, path, query), signal),
  );
}

function handshake(
  connection: ManagerConnection,
  url: URL,
  signal: AbortSignal | undefined,
): Promise<WebSocket> {
  const config = connection.config;
  const headers = connection.signedHeaders('GET', url);
  const target = new URL(url.href);
  target.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise<WebSocket>((resolve, reject) => {
    if (signal?.aborted) return reject(new TransportFailure('connect', 'ABORTED', 'aborted'));
    const socket = new WebSocket(target, {
      headers,
      handshakeTimeout: config.connectionTimeout * 1000,
      rejectUnauthorized: !config.skipSslCertValidation,
      perMessageDeflate: false,
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      socket.terminate();
      settle(() => reject(new TransportFailure('connect', 'ABORTED', 'aborted')));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('open', () => settle(() => resolve(socket)));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        let data: unknown;
        try {
          data = /json/.test(String(response.headers['content-type']))
            ? JSON.parse(body.toString('utf8'))
            : undefined;
        } catch {
          data = undefined;
        }
        const status = response.statusCode ?? 0;
        if (status < 400) {
          const what = `${url.pathname} answered HTTP ${status} instead of switching to a WebSocket`;
          return settle(() =>
            reject(new BackendClientError('unsupported', `the manager does not stream: ${what}`)),
          );
        }
        settle(() => reject(problemFromResponse(status, data, body)));
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? (/timed out/i.test(error.message) ? 'CONNECT_TIMEOUT' : 'EUNKNOWN');
      settle(() => reject(new TransportFailure('connect', code, error.message)));
    });
  });
}

/**
 * Drives one run over the execute stream to its end with the same handlers as the REST loop:
 * console items to `onOutput`, `onInput` for `waiting-input`, `onStep` for batch steps.
 */
export async function followStreamedRun(
  open: () => Promise<ExecuteStream>,
  handlers: RunHandlers,
): Promise<RunOutcome> {
  const stream = await open();
  let runId = handlers.runId ?? '';
  for await (const result of stream) {
    if (result.runId) runId = result.runId;
    for (const item of result.console) handlers.onOutput?.(item);
    switch (result.status) {
      case 'finished':
      case 'exec-timeout':
        return { runId, status: result.status, exitCode: result.exitCode ?? null, files: result.files ?? [] };
      case 'clean-finished':
      case 'build-finished':
        handlers.onStep?.(result.status, result.exitCode ?? null);
        break;
      case 'waiting-input': {
        if (!handlers.onInput) {
          stream.close();
          throw new BackendClientError(
            'input-unavailable',
            'the program asks for input but no input handler was given',
          );
        }
        const isPassword = result.options?.is_password === true;
        stream.sendInput(await handlers.onInput({ runId, isPassword }));
        break;
      }
      case 'continued':
        break;
      default:
        throw new BackendClientError(
          'bad-response',
          `the manager sent an unknown run status "${String(result.status)}"`,
        );
    }
  }
  throw new BackendClientError('connection-lost', 'the execute stream ended before the run finished');
}
