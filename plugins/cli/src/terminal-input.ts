import { createInterface, type Interface } from 'node:readline';
import { BackendClientError } from '@tessera/client';
import type { CliIo } from './cli-io';

/**
 * Reads what the user types when a running program asks for input. Lines come from stdin (a
 * terminal or a pipe); a password is read from a terminal without echo.
 */
export class TerminalInput {
  private reader: Interface | undefined;
  private lines: AsyncIterator<string> | undefined;
  private endSecret: (() => void) | undefined;

  constructor(private readonly io: CliIo) {}

  /** The next line the user types; rejects when `signal` fires (Ctrl-C) or stdin is closed. */
  readLine(options: { secret: boolean; signal?: AbortSignal }): Promise<string> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.close();
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (outcome: () => void): void => {
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      this.nextLine(options.secret).then(
        (line) => settle(() => resolve(line)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  /** Stops reading stdin (and restores the terminal after a password prompt). */
  close(): void {
    this.endSecret?.();
    this.reader?.close();
    this.reader = undefined;
    this.lines = undefined;
  }

  private async nextLine(secret: boolean): Promise<string> {
    const stdin = this.io.stdin;
    if (secret && stdin.isTTY && stdin.setRawMode) {
      this.close(); // a line reader would see the keystrokes too
      return this.readSecret();
    }
    this.reader ??= createInterface({ input: stdin, terminal: false, crlfDelay: Infinity });
    this.lines ??= this.reader[Symbol.asyncIterator]();
    const next = await this.lines.next();
    if (next.done)
      throw new BackendClientError('input-unavailable', 'the program asks for input but stdin is closed');
    return next.value;
  }

  /** Raw mode turns the terminal's echo off; Ctrl-C then arrives as a character and is raised as SIGINT. */
  private readSecret(): Promise<string> {
    const stdin = this.io.stdin;
    return new Promise((resolve) => {
      let typed = '';
      const onData = (chunk: Buffer | string): void => {
        for (const char of chunk.toString()) {
          if (char === '\r' || char === '\n') {
            this.endSecret?.();
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            this.endSecret?.();
            process.kill(process.pid, 'SIGINT');
            return;
          }
          typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
        }
      };
      this.endSecret = () => {
        this.endSecret = undefined;
        stdin.off('data', onData);
        stdin.setRawMode?.(false);
        stdin.pause();
        this.io.stderr.write('\n');
      };
      stdin.setRawMode?.(true);
      stdin.resume();
      stdin.on('data', onData);
    });
  }
}

function cancelled(): BackendClientError {
  return new BackendClientError('aborted', 'input was cancelled');
}
