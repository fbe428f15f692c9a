import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'tsyringe';
import { Logger, LockService, runAsLeader, type LeaderHandle } from '@tessera/core';
import type { LeaderTimerContribution } from './extension-points/leader-timers';
import { HostContributions } from './host-settings';

/** The leadership lock's name: `leader/manager-timers`. */
const LEADERSHIP = 'manager-timers';

/**
 * Runs the contributed leader timers: under leader election when the deployment has a lock
 * service, in this process otherwise (a deployment without locks runs one manager).
 */
@injectable()
export class LeaderTimerRunner {
  private leadership: LeaderHandle | undefined;
  private local: { stop: AbortController; running: Promise<void> } | undefined;

  constructor(
    @inject(HostContributions) private readonly contributions: HostContributions,
    @inject(LockService) private readonly locks: LockService | undefined,
    @inject(Logger) private readonly log: Logger,
  ) {}

  start(): void {
    const timers = this.contributions.timers;
    if (timers.length === 0) return;
    const task = (signal: AbortSignal) =>
      Promise.all(timers.map((timer) => this.loop(timer, signal))).then(() => undefined);
    if (this.locks) {
      this.leadership = runAsLeader(this.locks, LEADERSHIP, task, { log: this.log });
      return;
    }
    const stop = new AbortController();
    this.local = { stop, running: task(stop.signal) };
  }

  async stop(): Promise<void> {
    await this.leadership?.stop();
    this.leadership = undefined;
    if (this.local) {
      this.local.stop.abort();
      await this.local.running;
      this.local = undefined;
    }
  }

  private async loop(timer: LeaderTimerContribution, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await timer.run(signal);
      } catch (error) {
        if (!signal.aborted)
          this.log.error('leader timer failed', { timer: timer.name, error: String(error) });
      }
      await sleep(timer.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
