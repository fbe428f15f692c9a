import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { TesseraError, type Logger, type RunnerChannel, type RunnerMessage } from '@tessera/core';

type Listener = (message: RunnerMessage) => void;

/**
 * A RunnerChannel over a byte stream pair carrying one JSON object per line, `{"op", "data"}`, both
 * ways: a runner child's stdin and stdout, or a connection to a runner's Unix socket (the socket
 * is both). It is the agent's end of the runner protocol (`runner/tessera_kernel/protocol.py`).
 *
 * Every listener gets the messages that arrive after it subscribed, in order. Messages that arrive
 * while nobody listens are kept and handed to the first listener when it subscribes, before
 * anything newer, so nothing the runner says between `ready` and the agent's subscription is lost.
 * `ready()` resolves on the first `ready` message and rejects when the runner's output ends first.
 */
export class JsonLinesRunnerChannel implements RunnerChannel {
  private readonly listeners: Listener[] = [];
  private readonly closeListeners: Array<() => void> = [];
  private readonly early: RunnerMessage[] = [];
  private readonly readyPromise: Promise<unknown>;
  private resolveReady!: (data: unknown) => void;
  private rejectReady!: (error: Error) => void;
  private closed = false;
  private outputEnded = false;

  constructor(
    private readonly input: Writable,
    output: Readable,
    private readonly log: Logger,
  ) {
    this.readyPromise = new Promise<unknown>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // The agent may never await ready() on a kernel that fails; do not report that as unhandled.
    this.readyPromise.catch(() => undefined);
    input.on('error', (error) => this.log.debug('kernel runner input closed', { error: error.message }));
    if ((output as unknown) !== input) {
      output.on('error', (error) => this.log.debug('kernel runner output failed', { error: error.message }));
    }
    const lines = createInterface({ input: output, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    lines.on('close', () => this.endOfOutput());
    output.on('close', () => this.endOfOutput());
  }

  send(message: RunnerMessage): void {
    if (this.closed || this.outputEnded || !this.input.writable) {
      throw new TesseraError('kernel-not-running', 'The kernel runner is no longer reachable', {
        op: message.op,
      });
    }
    this.input.write(`${JSON.stringify({ op: message.op, data: message.data ?? null })}\n`);
  }

  onMessage(listener: Listener): void {
    this.listeners.push(listener);
    if (this.listeners.length === 1) {
      for (const message of this.early.splice(0)) listener(message);
    }
  }

  /** Calls `listener` once the runner's output has ended (it exited, or the connection dropped). */
  onClose(listener: () => void): void {
    if (this.outputEnded) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  ready(): Promise<void> {
    return this.readyPromise.then(() => undefined);
  }

  /**
   * The data of the runner's first `ready`: `{pid, runtime, version, reattached}` from Tessera's
   * runner, where `reattached` says whether an earlier agent connection came before this one.
   */
  readyData(): Promise<unknown> {
    return this.readyPromise;
  }

  /** True once the runner's output has ended. */
  get ended(): boolean {
    return this.outputEnded;
  }

  /**
   * Ends the agent's side: the runner sees the end of its input (over stdio it exits; over its
   * socket it keeps running and waits for the next connection). Nothing can be sent afterwards.
   */
  close(): void {
    this.closed = true;
    this.input.end();
  }

  private endOfOutput(): void {
    if (this.outputEnded) return;
    this.outputEnded = true;
    this.rejectReady(new Error('the kernel runner closed its output before it was ready'));
    for (const listener of this.closeListeners.splice(0)) listener();
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
    if (message.op === 'ready') this.resolveReady(message.data);
    if (this.listeners.length === 0) {
      this.early.push(message);
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }
}
