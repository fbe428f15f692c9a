import { terminalSizeProblem, type TerminalSize } from '@tessera/core';
import type { WireError } from './wire';

/** Where a terminal is opened: `GET /terminal/<kernelId>?rows=<n>&cols=<n>` with `Upgrade: websocket`. */
export const TERMINAL_PATH = /^\/terminal\/([A-Za-z0-9._-]{1,128})\?rows=(\d{1,4})&cols=(\d{1,4})$/;

/**
 * The most a terminal connection lets pile up unsent (bytes queued on the WebSocket) before it
 * gives up on the peer and closes: output a reader does not take, input an agent does not take.
 */
export const TERMINAL_MAX_BACKLOG = 4 * 1024 * 1024;

/** Close codes of a terminal connection (RFC 6455 §7.4.1 and the private range). */
export const TERMINAL_CLOSE = {
  /** The shell ended, or the manager closed the terminal. */
  done: 1000,
  /** The agent's RPC server is stopping. */
  goingAway: 1001,
  /** A malformed control message. */
  invalid: 1008,
  /** The peer did not read fast enough (TERMINAL_MAX_BACKLOG). */
  backlog: 4008,
  /** The terminal could not be opened (an `error` message says why). */
  failed: 4011,
} as const;

/** The request target of a terminal: kernel id and size in the path, which the signature covers. */
export function terminalTarget(kernelId: string, size: TerminalSize): string {
  return `/terminal/${encodeURIComponent(kernelId)}?rows=${size.rows}&cols=${size.cols}`;
}

/** The kernel and size a request target names, or null when it is not a terminal target. */
export function parseTerminalTarget(target: string): { kernelId: string; size: TerminalSize } | null {
  const match = TERMINAL_PATH.exec(target);
  if (!match) return null;
  return { kernelId: match[1]!, size: { rows: Number(match[2]), cols: Number(match[3]) } };
}

/**
 * Control messages, JSON in text frames (the terminal's bytes travel in binary frames, input from
 * the manager and output from the agent):
 * - agent: `opened` once the shell runs; `error` when it cannot be opened (then close 4011);
 *   `resized` answering a `resize` by its `id`, with `error` when it failed; `exit` with the shell's
 *   exit code when it ends (then close 1000).
 * - manager: `resize` with an `id` of its choosing.
 */
export type AgentTerminalMessage =
  | { type: 'opened' }
  | { type: 'error'; error: WireError }
  | { type: 'resized'; id: number; error?: WireError }
  | { type: 'exit'; exitCode: number | null };

export type ManagerTerminalMessage = { type: 'resize'; id: number; rows: number; cols: number };

/** A manager's control message, or why the text is not one. */
export function parseManagerTerminalMessage(text: string): ManagerTerminalMessage | { problem: string } {
  const fields = parseObject(text);
  if (!fields) return { problem: 'a control message must be a JSON object' };
  if (fields['type'] !== 'resize')
    return { problem: `unknown control message type ${JSON.stringify(fields['type'] ?? null)}` };
  const id = fields['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    return { problem: 'resize needs a whole-number id' };
  const problem = terminalSizeProblem(fields);
  if (problem) return { problem: `resize: ${problem}` };
  return { type: 'resize', id, rows: fields['rows'] as number, cols: fields['cols'] as number };
}

/** An agent's control message, or null when the text is not one (the manager drops the connection). */
export function parseAgentTerminalMessage(text: string): AgentTerminalMessage | null {
  const fields = parseObject(text);
  if (!fields) return null;
  switch (fields['type']) {
    case 'opened':
      return { type: 'opened' };
    case 'error':
      return typeof fields['error'] === 'object' && fields['error'] !== null
        ? { type: 'error', error: fields['error'] as WireError }
        : null;
    case 'resized':
      return typeof fields['id'] === 'number'
        ? {
            type: 'resized',
            id: fields['id'],
            ...(fields['error'] ? { error: fields['error'] as WireError } : {}),
          }
        : null;
    case 'exit': {
      const exitCode = fields['exitCode'];
      return typeof exitCode === 'number' || exitCode === null ? { type: 'exit', exitCode } : null;
    }
    default:
      return null;
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
