import { inject, injectable } from 'tsyringe';
import { Database, type SessionRecord, type SessionStatus } from '@tessera/core';

/** How often a waiter re-reads the session when no event woke it. */
const RECHECK_MS = 2000;

export interface WaitOutcome {
  /** The latest record (null when the session disappeared). */
  session: SessionRecord | null;
  /** Whether the awaited status was reached before the timeout. */
  reached: boolean;
}

/**
 * Lets API requests wait for a session to reach a status. Woken by `session_status_changed`
 * events (`notify`), it re-reads the session from the database on each wake, so it sees changes
 * made by any manager. A slow re-check guards against a lost event.
 */
@injectable()
export class SessionStatusWatch {
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopped = false;

  constructor(@inject(Database) private readonly db: Database) {}

  notify(sessionId: string): void {
    for (const wake of this.waiters.get(sessionId) ?? []) wake();
  }

  async waitFor(
    sessionId: string,
    accept: (status: SessionStatus) => boolean,
    timeoutMs: number,
  ): Promise<WaitOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Register before reading, so a change between the read and the wait is not missed.
      const wake = this.nextWake(sessionId, Math.max(0, Math.min(deadline - Date.now(), RECHECK_MS)));
      const session = await this.db.sessions.get(sessionId).catch((error: unknown) => {
        wake.cancel();
        throw error;
      });
      if (!session || accept(session.status)) {
        wake.cancel();
        return { session, reached: session !== null };
      }
      if (this.stopped || Date.now() >= deadline) {
        wake.cancel();
        return { session, reached: false };
      }
      await wake.promise;
    }
  }

  /** Wakes every waiter; they return what they have. Called when the manager stops. */
  stop(): void {
    this.stopped = true;
    for (const id of [...this.waiters.keys()]) this.notify(id);
  }

  private nextWake(sessionId: string, timeoutMs: number): { promise: Promise<void>; cancel(): void } {
    const timer: { handle?: NodeJS.Timeout } = {};
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = () => {
        clearTimeout(timer.handle);
        const set = this.waiters.get(sessionId);
        set?.delete(wake);
        if (set && set.size === 0) this.waiters.delete(sessionId);
        resolve();
      };
    });
    timer.handle = setTimeout(wake, timeoutMs);
    const set = this.waiters.get(sessionId) ?? new Set();
    set.add(wake);
    this.waiters.set(sessionId, set);
    return { promise, cancel: wake };
  }
}
