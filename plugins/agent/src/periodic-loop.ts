import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@tessera/core';

/** Calls `tick` now and then every interval until stopped (or the given signal aborts). */
export class PeriodicLoop {
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => Promise<void>,
    private readonly log: Logger,
    private readonly what: string,
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
        await this.tick();
      } catch (error) {
        this.log.warn(`${this.what} failed`, { error: (error as Error).message });
      }
      try {
        await sleep(this.intervalMs, undefined, { signal });
      } catch {
        return; // aborted
      }
    }
  }
}
