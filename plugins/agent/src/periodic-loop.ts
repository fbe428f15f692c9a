import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@tessera/core';

/** Calls `beat` now and then every interval until stopped (or the given signal aborts). */
export class HeartbeatLoop {
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly beat: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  start(signal?: AbortSignal): void {
    signal?.addEventListener('abort', () => this.controller.abort(), { once: true });
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { signal } = this.controller;
    while (!signal.aborted) {
      try {
        await this.beat();
      } catch (error) {
        this.log.warn('heartbeat failed', { error: (error as Error).message });
      }
      try {
        await sleep(this.intervalMs, undefined, { signal });
      } catch {
        return; // aborted
      }
    }
  }
}
