import type { WebSocket } from 'ws';
import {
  TesseraError,
  type Database,
  type ExecutionResult,
  type Logger,
  type SessionRecord,
} from '@tessera/core';
import type { StreamHandler } from '@tessera/manager';
import { SessionErrors, type ExecuteCall, type SessionExecutor } from '@tessera/manager-sessions';
import { parseExecuteStart } from './execute-start';
import { SocketInbox, type StreamEnd } from './socket-inbox';

/** Close codes of the execute stream (RFC 6455 §7.4.1). */
export const CLOSE_CODES = {
  finished: 1000,
  stopping: 1001,
  invalidMessage: 1008,
  failed: 1011,
} as const;

export interface ExecuteStreamDependencies {
  db: Database;
  executor: SessionExecutor;
  log: Logger;
}

/**
 * Serves `/stream/session/:id/execute` for one session: the socket is one run (Backend.AI's
 * stream_execute). The client's first message starts it (see parseExecuteStart); the manager then
 * calls the session's executor (the agent RPC behind POST /session/:id) and sends every result
 * as `{status, console, exitCode, options, files}`: on `waiting-input` it waits for the client's
 * next message, whose text is the input; on `finished` (or `exec-timeout`) it closes the socket;
 * on any other status it continues the run. A client that leaves mid-run gets the kernel
 * interrupted; a manager that stops says `server-restarting` and closes with 1001.
 */
export function executeStream(
  deps: ExecuteStreamDependencies,
  session: SessionRecord,
  signal: AbortSignal,
): StreamHandler {
  return async (socket) => {
    const inbox = new SocketInbox(socket, signal);
    const first = await inbox.next();
    if ('end' in first) return ended(first.end);
    let call: ExecuteCall;
    try {
      call = parseExecuteStart(first.text);
    } catch (error) {
      if (!(error instanceof TesseraError)) throw error;
      await sendJson(socket, { status: 'error', msg: error.message });
      socket.close(CLOSE_CODES.invalidMessage, 'invalid parameters');
      return;
    }
    deps.log.info('streamed run started', { sessionId: session.id, mode: call.mode });

    for (;;) {
      const outcome = await Promise.race([
        execute(call).then((result) => ({ result })),
        inbox.ended.then((end) => ({ end })),
      ]);
      if ('end' in outcome) {
        if (outcome.end === 'closed') await interrupt();
        return ended(outcome.end);
      }
      if ('error' in outcome.result) {
        await sendJson(socket, { status: 'error', msg: outcome.result.error.message });
        socket.close(CLOSE_CODES.failed, 'execution failed');
        return;
      }
      const result = outcome.result.value;
      await sendJson(socket, {
        status: result.status,
        console: result.console,
        exitCode: result.exitCode,
        options: result.options,
        files: result.files,
      });
      if (result.status === 'finished' || result.status === 'exec-timeout') return;
      const runId = result.runId;
      if (result.status === 'waiting-input') {
        const input = await inbox.next();
        if ('end' in input) {
          if (input.end === 'closed') await interrupt();
          return ended(input.end);
        }
        call = { mode: 'input', runId, code: input.text, options: null };
      } else {
        call = { mode: 'continue', runId, code: '', options: null };
      }
    }

    /** One executor call on the session as it is now; domain failures are returned, bugs thrown. */
    async function execute(next: ExecuteCall): Promise<{ value: ExecutionResult } | { error: TesseraError }> {
      try {
        const current = (await deps.db.sessions.get(session.id)) ?? session;
        return { value: await deps.executor.execute(current, next) };
      } catch (error) {
        if (error instanceof TesseraError) return { error };
        throw error;
      }
    }

    async function interrupt(): Promise<void> {
      deps.log.info('streamed run left by its client: interrupting', { sessionId: session.id });
      try {
        const current = (await deps.db.sessions.get(session.id)) ?? session;
        await deps.executor.interrupt(current);
      } catch (error) {
        deps.log.info('interrupt after a closed stream failed', {
          sessionId: session.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }

    async function ended(end: StreamEnd): Promise<void> {
      if (end === 'closed') return;
      await sendJson(socket, {
        status: 'server-restarting',
        msg: 'The manager is stopping; connect again and run the code once more',
      });
      socket.close(CLOSE_CODES.stopping, 'manager stopping');
    }
  };
}

/** Sends one JSON text message; resolves once written (or at once when the socket is not open). */
export function sendJson(socket: WebSocket, message: unknown): Promise<void> {
  if (socket.readyState !== socket.OPEN) return Promise.resolve();
  return new Promise<void>((resolve) => socket.send(JSON.stringify(message), () => resolve()));
}

/** Refuses a session the stream cannot run in (REST's execute answers the same 409 later). */
export function requireRunning(session: SessionRecord): void {
  if (session.status !== 'RUNNING') throw SessionErrors.kernelNotRunning(session.name, session.status);
}
