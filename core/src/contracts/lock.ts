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
 */
export interface LockService {
  acquire(name: string, options?: { timeoutMs?: number; ttlMs?: number }): Promise<LockHandle | null>;
  tryAcquire(name: string, options?: { ttlMs?: number }): Promise<LockHandle | null>;
}
export const LockService = contractToken<LockService>('lock');
