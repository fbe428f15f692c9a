import type { LockHandle, Logger } from '@tessera/core';
import type { LockSession } from './lock-session';

export interface PostgresLockHandleOptions {
  name: string;
  key: string;
  fence: number;
  session: LockSession;
  ttlMs: number;
  log: Logger;
  /** Called once when the handle is released or lost, so the service forgets it. */
  onSettled(handle: PostgresLockHandle): void;
}

/**
 * A lock held as a session advisory lock. The holder pings its session (`SELECT 1`) every third of
 * the TTL; the server ends a session idle for a whole TTL (idle_session_timeout), freeing the lock.
 * The holder counts the lock as lost as soon as the session errors or ends (terminated, server
 * restarted) or a ping goes unanswered for a third of the TTL: at most two thirds of the TTL after
 * the last answered ping, a third before the server could free the lock for someone else. It then
 * closes the session so the lock is free.
 */
export class PostgresLockHandle implements LockHandle {
  readonly name: string;
  readonly fence: number;
  private readonly controller = new AbortController();
  private pingTimer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private settled = false;

  constructor(private readonly options: PostgresLockHandleOptions) {
    this.name = options.name;
    this.fence = options.fence;
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  watchForLoss(): void {
    const { session, ttlMs } = this.options;
    if (session.lostReason) return this.markLost('session ended', session.lostReason);
    this.stopListening = session.onLost((reason) => this.markLost('session ended', reason));
    this.pingTimer = setInterval(() => void this.ping(), Math.max(50, Math.floor(ttlMs / 3)));
    this.pingTimer.unref();
  }

  async release(): Promise<void> {
    if (this.settled) return;
    this.settle();
    const { session, key, log } = this.options;
    try {
      await session.client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    } catch (error) {
      // Closing the session below frees the lock in any case.
      log.debug('advisory unlock failed; closing the session frees the lock', {
        lock: this.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    session.close();
  }

  private async ping(): Promise<void> {
    const answerWithinMs = this.options.ttlMs / 3;
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${answerWithinMs} ms`)), answerWithinMs);
    });
    try {
      await Promise.race([this.options.session.client.query('SELECT 1'), overdue]);
    } catch (error) {
      this.markLost('session ping failed', error);
    } finally {
      clearTimeout(timer);
    }
  }

  private markLost(reason: string, cause: unknown): void {
    if (this.settled) return;
    this.settle();
    const { name, log, session } = this.options;
    log.warn('lock lost', {
      lock: name,
      fence: this.fence,
      reason,
      error: cause instanceof Error ? cause.message : String(cause),
    });
    this.controller.abort(new Error(`lock ${name} lost: ${reason}`, { cause }));
    session.close();
  }

  private settle(): void {
    this.settled = true;
    clearInterval(this.pingTimer);
    this.stopListening?.();
    this.options.onSettled(this);
  }
}
