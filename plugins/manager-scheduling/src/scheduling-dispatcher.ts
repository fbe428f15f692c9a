import type { Logger } from '@tessera/core';
import type { PassReport } from './scheduling-pass';

export interface SchedulingDispatcherOptions {
  runPass(resourceGroup: string): Promise<PassReport>;
  /** Resource groups that currently have PENDING sessions (for the periodic tick). */
  pendingGroups(): Promise<string[]>;
  log: Logger;
  tickIntervalMs: number;
}

interface GroupState {
  running: Promise<void>;
  again: boolean;
}

/**
 * Decides when scheduling passes run. Triggers (session_enqueued, freed slots, session_terminated,
 * agents joining or growing, do_schedule, the periodic tick) only request a pass; requests for a group whose
 * pass is running are coalesced into one more pass after it, so there is at most one pass at a
 * time per resource group in this process (the lock extends that across managers).
 */
export class SchedulingDispatcher {
  private readonly groups = new Map<string, GroupState>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SchedulingDispatcherOptions) {}

  request(resourceGroup: string, trigger: string): void {
    if (this.stopped) return;
    const state = this.groups.get(resourceGroup);
    if (state) {
      state.again = true;
      return;
    }
    const fresh: GroupState = { running: Promise.resolve(), again: false };
    this.groups.set(resourceGroup, fresh);
    fresh.running = this.loop(resourceGroup, fresh, trigger);
  }

  /** Requests a pass for every group with pending sessions. */
  async requestAllPending(trigger: string): Promise<void> {
    for (const group of await this.options.pendingGroups()) this.request(group, trigger);
  }

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.requestAllPending('tick').catch((error: unknown) =>
        this.options.log.error('scheduling tick failed', { error: String(error) }),
      );
    };
    this.timer = setInterval(tick, this.options.tickIntervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  /** Resolves once no pass is running or queued. */
  async idle(): Promise<void> {
    while (this.groups.size > 0) await Promise.all([...this.groups.values()].map((state) => state.running));
  }

  private async loop(resourceGroup: string, state: GroupState, trigger: string): Promise<void> {
    try {
      do {
        state.again = false;
        const report = await this.runSafely(resourceGroup, trigger);
        if (report?.rerun) state.again = true;
        trigger = 'coalesced';
      } while (state.again && !this.stopped);
    } finally {
      this.groups.delete(resourceGroup);
    }
  }

  private async runSafely(resourceGroup: string, trigger: string): Promise<PassReport | null> {
    try {
      const began = Date.now();
      const report = await this.options.runPass(resourceGroup);
      if (report.skipped)
        this.options.log.warn('scheduling pass skipped: lock busy', { resourceGroup, trigger });
      else if (report.scheduled.length > 0 || report.unplaced.length > 0 || report.cancelled.length > 0) {
        this.options.log.debug('scheduling pass finished', {
          resourceGroup,
          trigger,
          scheduled: report.scheduled.length,
          unplaced: report.unplaced.length,
          held: report.held.length,
          cancelled: report.cancelled.length,
          durationMs: Date.now() - began,
          ...report.timings,
        });
      }
      return report;
    } catch (error) {
      this.options.log.error('scheduling pass failed', {
        resourceGroup,
        trigger,
        error: error instanceof Error ? error.stack : String(error),
      });
      return null;
    }
  }
}
