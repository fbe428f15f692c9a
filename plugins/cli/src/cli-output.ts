import { BackendAPIError } from '@tessera/client';
import type { CliIo } from './cli-io';
import { CommandFailure } from './cli-errors';

/** Prints a value as indented JSON for scripts (one document on stdout). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A slot map for people: `cpu=1 mem=1073741824`; JSON strings (GraphQL's JSONString) are parsed first. */
export function formatSlots(value: unknown): string {
  const slots = typeof value === 'string' ? parseJson(value) : value;
  if (typeof slots !== 'object' || slots === null)
    return value === null || value === undefined ? '-' : String(value);
  const entries = Object.entries(slots as Record<string, unknown>);
  return entries.length === 0 ? '-' : entries.map(([key, amount]) => `${key}=${String(amount)}`).join(' ');
}

/** A table cell: `-` for nothing, JSON for structures, the text otherwise. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s*[\r\n]+\s*/g, ' ');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `1.5 KiB`: sizes for people. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Progress of a transfer on stderr: on a terminal, one line redrawn as bytes move; elsewhere
 * (pipes, logs) nothing until `done` prints the summary line.
 */
export class TransferProgress {
  private readonly live: boolean;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly verb: string,
    private readonly quiet = false,
  ) {
    this.live = !quiet && (io.stderr as { isTTY?: boolean }).isTTY === true;
  }

  update(done: number, total: number | null): void {
    if (!this.live) return;
    const share = total ? ` (${Math.floor((done / Math.max(total, 1)) * 100)}%)` : '';
    const of = total !== null ? ` of ${humanBytes(total)}` : '';
    this.io.stderr.write(`\r∙ ${this.verb} ${humanBytes(done)}${of}${share}\u001b[K`);
    this.drawn = true;
  }

  done(summary: string): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[K');
    if (!this.quiet) this.io.stderr.write(`∙ ${summary}\n`);
  }
}

/**
 * Runs a call on one session and turns "no such session" into a sentence that names it: the
 * manager's 404 cannot say which reference the user typed.
 */
export async function onSession<T>(reference: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof BackendAPIError &&
      error.status === 404 &&
      error.problemSlug === 'session-not-found'
    ) {
      throw new CommandFailure(
        `session "${reference}" not found: no session visible to this keypair has that name or id (tessera ps -a lists them)`,
      );
    }
    throw error;
  }
}
