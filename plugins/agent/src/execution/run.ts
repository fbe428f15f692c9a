import type { BatchOptions, ConsoleItem, ExecutionMode, ExecutionStatus } from '@tessera/core';
import { ConsoleBuffer } from './console-buffer';

/** A point where the runner stopped and the client must hear about it: a step or the run ended, or it wants input. */
export interface Checkpoint {
  status: Exclude<ExecutionStatus, 'continued'>;
  console: ConsoleItem[];
  exitCode: number | null;
  options: Record<string, unknown> | null;
}

/**
 * One run (a runId) on a kernel. Output collects in a buffer; each checkpoint (clean-finished,
 * build-finished, waiting-input, finished) closes the buffer, so a response carries exactly the
 * output produced before the point it reports, and the next call gets what came after.
 */
export class Run {
  private buffer = new ConsoleBuffer();
  private readonly checkpoints: Checkpoint[] = [];
  private wakers: Array<() => void> = [];
  /** A call on this run is collecting; calls are served one at a time, in order. */
  private serving: Promise<unknown> = Promise.resolve();
  /** The runner has sent `finished`, or the run timed out (the client may not have collected it yet). */
  ended = false;
  waitingInput = false;

  constructor(
    readonly runId: string,
    readonly mode: Extract<ExecutionMode, 'query' | 'batch'>,
    readonly code: string,
    readonly batchOptions: BatchOptions,
  ) {}

  append(type: string, data: unknown): void {
    this.buffer.append(type, data);
    // Output alone does not wake a waiting call: it returns at a checkpoint or after the flush interval.
  }

  checkpoint(
    status: Checkpoint['status'],
    exitCode: number | null,
    options: Record<string, unknown> | null = null,
  ): void {
    this.checkpoints.push({ status, console: this.buffer.toArray(), exitCode, options });
    this.buffer = new ConsoleBuffer();
    if (status === 'finished' || status === 'exec-timeout') this.ended = true;
    this.waitingInput = status === 'waiting-input';
    for (const wake of [...this.wakers]) wake();
  }

  /** Serialises calls on the run so two concurrent `continue`s cannot steal each other's output. */
  serve<T>(call: () => Promise<T>): Promise<T> {
    const next = this.serving.then(call, call);
    this.serving = next.catch(() => undefined);
    return next;
  }

  /** Resolves when a checkpoint is available or `ms` have passed. */
  async waitForCheckpoint(ms: number): Promise<void> {
    if (this.checkpoints.length > 0) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers = this.wakers.filter((w) => w !== wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.push(wake);
    });
  }

  takeCheckpoint(): Checkpoint | undefined {
    return this.checkpoints.shift();
  }

  /** The output since the last response, for a `continued` answer. */
  takeOutput(): ConsoleItem[] {
    const items = this.buffer.toArray();
    this.buffer = new ConsoleBuffer();
    return items;
  }
}
