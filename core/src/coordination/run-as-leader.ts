import { setTimeout as sleep } from 'node:timers/promises';
import type { LockHandle, LockService } from '../contracts/lock';
import type { Logger } from '../contracts/logger';

export interface RunAsLeaderOptions {
  /** Stops campaigning and aborts the running task when aborted, like `handle.stop()`. */
  signal?: AbortSignal;
  /** Lease of the leadership lock (the lock service's default when omitted). */
  ttlMs?: number;
  /** Pause before campaigning again after the task returned or threw, or a campaign failed. */
  retryDelayMs?: number;
  /** How long one campaign waits for the lock before it looks again whether to stop. */
  campaignTimeoutMs?: number;
  log?: Logger;
}

export interface LeaderHandle {
  /** True while this process holds the leadership and its task runs. */
  readonly isLeader: boolean;
  /**
   * Stops campaigning, aborts the running task's signal, waits for the task to end and releases
   * the leadership. A campaign still waiting for the lock ends by itself within
   * `campaignTimeoutMs` (or when the lock service closes) and releases whatever it got.
   */
  stop(): Promise<void>;
}

/** The task of a term: `signal` aborts when leadership is lost or the handle stops. */
export type LeaderTask = (signal: AbortSignal, fence: number) => Promise<void>;

const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_CAMPAIGN_TIMEOUT_MS = 5000;

/**
 * Leader election for work that must run once per cluster (timers, sweepers): campaigns for the
 * lock `leader/<name>`, runs `task` while holding it, and campaigns again when the term ends. At
 * most one process of the cluster runs the task at a time, as far as the lock service guarantees;
 * the task must stop promptly when its signal aborts (leadership lost: the lease expired and
 * another process may already be leader) and can hand `fence` to fenced writes so a stale leader's
 * writes are refused. A task that returns or throws ends its term and releases the leadership.
 */
export function runAsLeader(
  locks: LockService,
  name: string,
  task: LeaderTask,
  options: RunAsLeaderOptions = {},
): LeaderHandle {
  const stopping = new AbortController();
  const stopSignal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  const lockName = `leader/${name}`;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const log = options.log;
  let currentTerm: Promise<void> | undefined;
  let leader = false;

  async function serveTerm(handle: LockHandle): Promise<boolean> {
    const signal = AbortSignal.any([handle.lost, stopSignal]);
    leader = true;
    log?.info('leadership acquired', { leader: name, fence: handle.fence });
    let endedByItself = false;
    try {
      await task(signal, handle.fence);
      endedByItself = !signal.aborted;
    } catch (error) {
      endedByItself = !signal.aborted;
      if (endedByItself) log?.error('leader task failed', { leader: name, error: messageOf(error) });
    } finally {
      leader = false;
      if (handle.lost.aborted) log?.warn('leadership lost', { leader: name, fence: handle.fence });
      await handle.release().catch((error: unknown) => {
        log?.warn('leadership release failed', { leader: name, error: messageOf(error) });
      });
    }
    return endedByItself;
  }

  async function campaign(): Promise<void> {
    while (!stopSignal.aborted) {
      let handle: LockHandle | null;
      try {
        handle = await locks.acquire(lockName, {
          timeoutMs: options.campaignTimeoutMs ?? DEFAULT_CAMPAIGN_TIMEOUT_MS,
          ttlMs: options.ttlMs,
        });
      } catch (error) {
        log?.warn('leader campaign failed', { leader: name, error: messageOf(error) });
        await pause(retryDelayMs, stopSignal);
        continue;
      }
      if (!handle) continue;
      if (stopSignal.aborted) {
        await handle.release().catch(() => undefined);
        return;
      }
      currentTerm = serveTerm(handle).then(async (endedByItself) => {
        if (endedByItself) await pause(retryDelayMs, stopSignal);
      });
      await currentTerm;
      currentTerm = undefined;
    }
  }

  void campaign();
  return {
    get isLeader() {
      return leader;
    },
    async stop() {
      stopping.abort();
      await currentTerm;
    },
  };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
