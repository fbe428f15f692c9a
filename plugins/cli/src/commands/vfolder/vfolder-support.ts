import type { VfolderApi } from '@tessera/client';
import { apiClient } from '../../api-client';
import type { CliIo } from '../../cli-io';
import { printJson } from '../../cli-output';

/** The folder API of the client the environment (or "tessera login") names. */
export async function vfolders(io: CliIo): Promise<VfolderApi> {
  return (await apiClient(io)).vfolders;
}

/** Prints `line` for people, or `value` as JSON. */
export function report(io: CliIo, json: boolean | undefined, line: string, value: unknown): void {
  if (json) printJson(io, value);
  else io.stdout.write(`${line}\n`);
}

/**
 * Runs `body` with a signal that Ctrl-C aborts: the SDK then stops the transfer and keeps what it
 * needs to resume, and the command exits 130.
 */
export async function interruptible<T>(io: CliIo, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const stop = io.onInterrupt(() => cancel.abort());
  try {
    return await body(cancel.signal);
  } finally {
    stop();
  }
}
