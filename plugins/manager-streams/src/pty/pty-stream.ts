import type { RawData } from 'ws';
import { TesseraError, type KernelTerminal, type Logger, type TerminalSize } from '@tessera/core';
import type { StreamHandler } from '@tessera/manager';
import { sendJson } from '../execute/execute-stream';
import { outMessage, parsePtyMessage, type PtyClientMessage, type PtyServerMessage } from './pty-message';
import type { TerminalOpener } from './pty-route';

/** Close codes of the terminal stream. */
export const PTY_CLOSE = {
  /** The terminal program ended (the shell exited, or the session ended). */
  ended: 1000,
  /** The manager is stopping. */
  stopping: 1001,
  /** A new terminal could not be opened on `restart`. */
  failed: 1011,
  /** The client did not read the output fast enough (PTY_MAX_BACKLOG). */
  backlog: 4008,
} as const;

/** Output the manager lets pile up unsent to a client before it closes the stream. */
export const PTY_MAX_BACKLOG = 4 * 1024 * 1024;

export interface PtyStreamDependencies {
  log: Logger;
  sessionId: string;
  open: TerminalOpener;
}

/**
 * Relays one terminal stream: the client's `stdin` to the shell, `resize` to its tty, `restart`
 * closes the shell and opens a new one (same size; the kernel and its files are untouched), `ping`
 * keeps the socket busy; the shell's output goes back as `out`. Messages are handled in order.
 * The stream ends with the terminal: the shell exiting (or the session ending, which closes its
 * terminals) closes the socket with 1000; the client leaving closes the terminal; the manager
 * stopping closes both (1001).
 */
export function ptyStream(
  deps: PtyStreamDependencies,
  first: KernelTerminal,
  signal: AbortSignal,
): StreamHandler {
  return (socket) =>
    new Promise<void>((resolve) => {
      let terminal = first;
      let size: TerminalSize | undefined;
      let done = false;
      let queue = Promise.resolve();

      const finish = (code?: number, reason?: string) => {
        if (done) return;
        done = true;
        void terminal.close().catch(() => undefined);
        if (code !== undefined && socket.readyState === socket.OPEN) socket.close(code, reason);
        resolve();
      };
      const attach = (current: KernelTerminal) => {
        current.onOutput((chunk) => {
          if (done || current !== terminal) return;
          if (socket.bufferedAmount > PTY_MAX_BACKLOG) {
            deps.log.warn('terminal client does not read its output; closing', { sessionId: deps.sessionId });
            finish(PTY_CLOSE.backlog, 'output backlog exceeded');
            return;
          }
          socket.send(JSON.stringify(outMessage(chunk)));
        });
        void current.exited.then((exitCode) => {
          if (current !== terminal || done) return;
          deps.log.info('terminal ended', { sessionId: deps.sessionId, exitCode });
          finish(PTY_CLOSE.ended, 'the terminal program ended');
        });
      };
      const send = (message: PtyServerMessage) => sendJson(socket, message);

      const handle = async (message: PtyClientMessage): Promise<void> => {
        if (done) return;
        switch (message.type) {
          case 'stdin':
            terminal.write(message.bytes);
            return;
          case 'resize':
            size = { rows: message.rows, cols: message.cols };
            try {
              await terminal.resize(size);
            } catch (error) {
              await send({ type: 'error', data: `Cannot resize the terminal: ${describe(error)}` });
            }
            return;
          case 'ping':
            return;
          case 'restart': {
            deps.log.info('terminal restart requested', { sessionId: deps.sessionId });
            const previous = terminal;
            terminal = placeholder; // output and the exit of the old shell are not relayed any more
            await previous.close().catch(() => undefined);
            try {
              const next = await deps.open(size ?? { rows: 24, cols: 80 });
              if (done) {
                await next.close();
                return;
              }
              terminal = next;
              attach(next);
            } catch (error) {
              await send({ type: 'error', data: `Cannot restart the terminal: ${describe(error)}` });
              finish(PTY_CLOSE.failed, 'terminal restart failed');
            }
            return;
          }
        }
      };

      socket.on('message', (data: RawData) => {
        const parsed = parsePtyMessage(toText(data));
        if ('problem' in parsed) {
          void send({ type: 'error', data: parsed.problem });
          return;
        }
        queue = queue.then(() => handle(parsed));
      });
      // The signal is the manager's, shared by every stream: a closed socket's listener must go.
      const stopping = () => finish(PTY_CLOSE.stopping, 'manager stopping');
      socket.once('close', () => {
        signal.removeEventListener('abort', stopping);
        finish();
      });
      if (signal.aborted) stopping();
      else signal.addEventListener('abort', stopping, { once: true });
      attach(first);
    });
}

/** Stands in for the terminal while a restart replaces it: input is dropped, nothing comes out. */
const placeholder: KernelTerminal = {
  onOutput: () => undefined,
  write: () => undefined,
  resize: async () => undefined,
  close: async () => undefined,
  exited: new Promise<number | null>(() => undefined),
};

function describe(error: unknown): string {
  if (error instanceof TesseraError || error instanceof Error) return error.message;
  return String(error);
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
