import type { KernelTerminal, TerminalSize } from '@tessera/core';

/**
 * A terminal stand-in for tests of the paths to a terminal: what is written comes back as output
 * prefixed with `echo:`, sizes asked for are kept, and it ends (exit code 0) when closed or when
 * `end` is called, as a shell would on `exit`.
 */
export class FakeTerminal implements KernelTerminal {
  readonly exited: Promise<number | null>;
  readonly sizes: TerminalSize[] = [];
  readonly written: Buffer[] = [];
  closed = false;
  private readonly listeners: Array<(chunk: Buffer) => void> = [];
  private finish!: (exitCode: number | null) => void;

  constructor(
    readonly kernelId: string,
    size: TerminalSize,
  ) {
    this.sizes.push(size);
    this.exited = new Promise((resolve) => (this.finish = resolve));
  }

  onOutput(listener: (chunk: Buffer) => void): void {
    this.listeners.push(listener);
  }

  write(data: string | Buffer): void {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
    this.written.push(bytes);
    this.emit(Buffer.concat([Buffer.from('echo:'), bytes]));
  }

  emit(chunk: Buffer): void {
    for (const listener of this.listeners) listener(chunk);
  }

  async resize(size: TerminalSize): Promise<void> {
    if (this.closed) throw new Error('the terminal is closed');
    this.sizes.push(size);
  }

  async close(): Promise<void> {
    this.end(0);
  }

  /** Ends the terminal as its shell exiting would. */
  end(exitCode: number | null): void {
    this.closed = true;
    this.finish(exitCode);
  }
}
