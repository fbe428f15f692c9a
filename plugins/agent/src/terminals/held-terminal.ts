import type { KernelTerminal, TerminalSize } from '@tessera/core';

/** Output a terminal keeps while nobody listens yet (the caller attaches after `open` resolves). */
export const UNHEARD_OUTPUT_LIMIT = 256 * 1024;

/**
 * A backend's terminal as the agent hands it out: output that arrives before the first listener is
 * kept (up to UNHEARD_OUTPUT_LIMIT bytes, the oldest dropped beyond) and given to that listener, so
 * a shell's prompt is not lost between the open and the caller's `onOutput`; `close` is shared by
 * every caller and `exited` is the backend's.
 */
export class HeldTerminal implements KernelTerminal {
  readonly exited: Promise<number | null>;
  private readonly listeners: Array<(chunk: Buffer) => void> = [];
  private unheard: Buffer[] = [];
  private unheardBytes = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly inner: KernelTerminal) {
    this.exited = inner.exited;
    inner.onOutput((chunk) => this.deliver(chunk));
  }

  onOutput(listener: (chunk: Buffer) => void): void {
    this.listeners.push(listener);
    if (this.listeners.length > 1) return;
    const kept = this.unheard;
    this.unheard = [];
    this.unheardBytes = 0;
    for (const chunk of kept) listener(chunk);
  }

  write(data: string | Buffer): void {
    this.inner.write(data);
  }

  resize(size: TerminalSize): Promise<void> {
    return this.inner.resize(size);
  }

  close(): Promise<void> {
    this.closing ??= this.inner.close();
    return this.closing;
  }

  private deliver(chunk: Buffer): void {
    if (this.listeners.length > 0) {
      for (const listener of this.listeners) listener(chunk);
      return;
    }
    this.unheard.push(chunk);
    this.unheardBytes += chunk.length;
    while (this.unheardBytes > UNHEARD_OUTPUT_LIMIT && this.unheard.length > 1) {
      this.unheardBytes -= this.unheard.shift()!.length;
    }
  }
}
