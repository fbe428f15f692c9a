import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { TesseraError, type Logger, type RunnerChannel, type RunnerMessage } from '@tessera/core';

/**
 * A RunnerChannel over a child's stdin/stdout: one JSON object per line, `{"op", "data"}`.
 * Messages that arrive before the first listener subscribes are kept and handed to it, so nothing
 * the runner says between `ready` and the agent's subscription is lost.
 */
export class StdioRunnerChannel implements RunnerChannel {
  private readonly listeners: Array<(message: RunnerMessage) => void> = [];
  private readonly early: RunnerMessage[] = [];
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;
  private closed = false;

  constructor(
    private readonly input: Writable,
    output: Readable,
    private readonly log: Logger,
  ) {
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // The agent may never await ready() on a kernel that fails; do not report that as unhandled.
    this.readyPromise.catch(() => undefined);
    input.on('error', (error) => this.log.debug('kernel runner input closed', { error: error.message }));
    const lines = createInterface({ input: output, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    lines.on('close', () => {
      this.closed = true;
      this.rejectReady(new Error('the kernel runner closed its output before it was ready'));
    });
  }

  send(message: RunnerMessage): void {
    if (this.closed || !this.input.writable) {
      throw new TesseraError('kernel-not-running', 'The kernel runner is no longer reachable', {
        op: message.op,
      });
    }
    this.input.write(`${JSON.stringify({ op: message.op, data: message.data ?? null })}\n`);
  }

  onMessage(listener: (message: RunnerMessage) => void): void {
    this.listeners.push(listener);
    if (this.listeners.length === 1) {
      for (const message of this.early.splice(0)) listener(message);
    }
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  close(): void {
    this.closed = true;
    this.input.end();
  }

  private receive(line: string): void {
    if (!line.trim()) return;
    let message: RunnerMessage;
    try {
      const parsed = JSON.parse(line) as { op?: unknown; data?: unknown };
      if (typeof parsed.op !== 'string') throw new Error('op is not a string');
      message = { op: parsed.op, data: parsed.data ?? null };
    } catch (error) {
      this.log.warn('ignoring a malformed line from the kernel runner', {
        line: line.slice(0, 200),
        error: (error as Error).message,
      });
      return;
    }
    if (message.op === 'ready') this.resolveReady();
    if (this.listeners.length === 0) {
      this.early.push(message);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}
