import { contractToken } from './token';

/** A held lock. `fence` increases with every new holder, so a stale holder's writes can be refused. */
export interface LockHandle {
  readonly name: string;
  readonly fence: number;
  /** Aborted when the lock is lost (lease expired, connection gone) before release. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * lock/v1: named mutual exclusion across all managers of a cluster (etcd lease lock, PostgreSQL
 * advisory lock, or an in-process mutex when embedded). `acquire` waits up to `timeoutMs`
 * (forever when omitted) and resolves to null on timeout. `tryAcquire` never waits.
 *
 * `ttlMs` is the holder's lease: the implementation keeps it alive while the holder's process and
 * connection are healthy (etcd keepalive, an open PostgreSQL session). When renewal fails the lease
 * expires: the lock is released for the next waiter and the old holder's `lost` signal aborts, so
 * it stops acting (and its fence, being older, is refused by fenced writes). Leader election for
 * once-per-cluster timers is holding the lock `leader/<timer>` (see `runAsLeader`).
 */
export interface LockService {
  acquire(name: string, options?: { timeoutMs?: number; ttlMs?: number }): Promise<LockHandle | null>;
  tryAcquire(name: string, options?: { ttlMs?: number }): Promise<LockHandle | null>;
}
export const LockService = contractToken<LockService>('lock');
