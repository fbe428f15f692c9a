import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '@tessera/cli';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
  /** Simulates Ctrl-C: calls the handlers the command installed. */
  interrupt(): void;
}

/** In-memory streams for running `main` inside the test process. */
export function capturedIo(
  options: { env?: NodeJS.ProcessEnv; stdin?: string[]; cwd?: string } = {},
): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const handlers = new Set<() => void>();
  return {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin ?? []),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    interrupt: () => handlers.forEach((handler) => handler()),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
