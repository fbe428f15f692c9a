import { terminalSizeProblem } from '@tessera/core';

/**
 * A client's message on `/stream/session/:id/pty` (api-spec §5.1): keyboard input (`chars`, base64
 * of the raw bytes), the terminal's size, a keep-alive, or a restart of the terminal program.
 */
export type PtyClientMessage =
  | { type: 'stdin'; bytes: Buffer }
  | { type: 'resize'; rows: number; cols: number }
  | { type: 'ping' }
  | { type: 'restart' };

/** What the server sends: output (base64 of the raw bytes) or an error a person can read. */
export type PtyServerMessage = { type: 'out'; data: string } | { type: 'error'; data: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parses one client message (a JSON text frame). A message that is not one answers a `problem`
 * naming the field and what it expects; the stream sends it as `{type: "error"}` and goes on.
 */
export function parsePtyMessage(text: string): PtyClientMessage | { problem: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { problem: 'Messages must be JSON objects {"type": "stdin"|"resize"|"ping"|"restart", ...}' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { problem: 'Messages must be JSON objects {"type": "stdin"|"resize"|"ping"|"restart", ...}' };
  const fields = message as Record<string, unknown>;
  switch (fields['type']) {
    case 'stdin': {
      const chars = fields['chars'];
      if (typeof chars !== 'string' || chars.length % 4 === 1 || !BASE64.test(chars))
        return { problem: 'Invalid parameter chars: expected the input bytes in base64' };
      return { type: 'stdin', bytes: Buffer.from(chars, 'base64') };
    }
    case 'resize': {
      const problem = terminalSizeProblem(fields);
      if (problem) return { problem: `Invalid resize: ${problem}` };
      return { type: 'resize', rows: fields['rows'] as number, cols: fields['cols'] as number };
    }
    case 'ping':
      return { type: 'ping' };
    case 'restart':
      return { type: 'restart' };
    default:
      return {
        problem: `Invalid parameter type: expected "stdin", "resize", "ping" or "restart", got ${JSON.stringify(fields['type'] ?? null)}`,
      };
  }
}

/** The `out` message of a chunk of terminal output. */
export function outMessage(chunk: Buffer): PtyServerMessage {
  return { type: 'out', data: chunk.toString('base64') };
}
