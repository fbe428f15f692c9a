import { createExtensionPoint } from '@tessera/core';

/**
 * `manager/leader-timers`: periodic work that must run on one manager of the cluster at a time
 * (sweepers, timeouts: Backend.AI's leader-only timers). The manager campaigns for leadership with
 * the deployment's lock service (`leader/manager-timers`) and, while it leads, runs every timer:
 * `run` once right away, then again `intervalMs` after each run ends. `signal` aborts when the
 * leadership is lost or the manager stops; a run must end promptly then. A run that throws is
 * logged and the timer goes on. A deployment without a lock plugin has one manager: its timers run
 * there without campaigning.
 */
export interface LeaderTimerContribution {
  /** Names the timer in logs (`agent-heartbeat-timeout`). */
  readonly name: string;
  readonly intervalMs: number;
  run(signal: AbortSignal): Promise<void>;
}

export const LeaderTimers = createExtensionPoint<LeaderTimerContribution>('manager/leader-timers');
