import type { Lease, Namespace, Watcher } from 'etcd3';
import { Wakeup } from './wakeup';

/**
 * Layout of one lock in etcd: every contender (holder or waiter) puts `<name>/<lease id>` bound to
 * its own lease. The contender whose key has the lowest create revision holds the lock; the others
 * wait in create-revision order, so waiters are served first come, first served. Keys of a lock
 * whose name extends this one (`<name>/x/<lease id>`) are told apart by their extra `/`.
 */
export function contenderKey(name: string, leaseId: string): string {
  return `${name}/${leaseId}`;
}

export interface Contender {
  key: string;
  createRevision: string;
}

export interface QueueSnapshot {
  /** The etcd revision the snapshot was read at. */
  revision: string;
  /** Oldest first: the first one holds the lock. */
  contenders: Contender[];
}

export async function readQueue(locks: Namespace, name: string): Promise<QueueSnapshot> {
  const prefix = `${name}/`;
  const response = await locks.getAll().prefix(prefix).sort('Create', 'Ascend').exec();
  const contenders = response.kvs
    .map((kv) => ({ key: kv.key.toString(), createRevision: kv.create_revision }))
    .filter((contender) => !contender.key.slice(prefix.length).includes('/'));
  return { revision: response.header.revision, contenders };
}

export type TurnOutcome =
  | { kind: 'granted'; createRevision: string }
  /** The contender's key or lease is gone (revoked, expired): it must queue again. */
  | { kind: 'evicted' }
  | { kind: 'timeout' }
  | { kind: 'closed' };

export interface TurnRequest {
  locks: Namespace;
  name: string;
  key: string;
  lease: Lease;
  /** Epoch milliseconds; Infinity waits for ever. */
  deadline: number;
  /** Aborted when the lock service closes. */
  closing: AbortSignal;
  /** Re-reads the queue at least this often, in case a watch event went missing. */
  recheckMs: number;
}

/** Waits until the contender's key is the oldest of its lock, watching the queue for deletions. */
export async function waitForTurn(request: TurnRequest): Promise<TurnOutcome> {
  const { locks, name, key, lease, deadline, closing, recheckMs } = request;
  const wakeup = new Wakeup();
  let leaseLost = false;
  const onLeaseLost = () => {
    leaseLost = true;
    wakeup.ring();
  };
  const onClosing = () => wakeup.ring();
  lease.on('lost', onLeaseLost);
  closing.addEventListener('abort', onClosing);
  let watcher: Watcher | undefined;
  try {
    for (;;) {
      const snapshot = await readQueue(locks, name);
      const position = snapshot.contenders.findIndex((contender) => contender.key === key);
      if (position < 0 || leaseLost) return { kind: 'evicted' };
      if (position === 0) return { kind: 'granted', createRevision: snapshot.contenders[0].createRevision };
      if (closing.aborted) return { kind: 'closed' };
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) return { kind: 'timeout' };
      if (!watcher) {
        watcher = await watchDeletions(locks, name, snapshot.revision, () => {
          watcher = undefined;
          wakeup.ring();
        });
        watcher.on('delete', () => wakeup.ring());
      }
      await wakeup.wait(Math.min(remainingMs, recheckMs));
    }
  } finally {
    lease.off('lost', onLeaseLost);
    closing.removeEventListener('abort', onClosing);
    await watcher?.cancel().catch(() => undefined);
  }
}

async function watchDeletions(
  locks: Namespace,
  name: string,
  afterRevision: string,
  onBroken: () => void,
): Promise<Watcher> {
  const watcher = await locks
    .watch()
    .prefix(`${name}/`)
    .startRevision(String(BigInt(afterRevision) + 1n))
    .only('delete')
    .create();
  watcher.on('error', onBroken);
  return watcher;
}
