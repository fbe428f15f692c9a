import type { Lease, Namespace, Watcher } from 'etcd3';
import type { LockHandle, Logger } from '@tessera/core';

export interface EtcdLockHandleOptions {
  name: string;
  /** The holder's key, relative to the locks namespace. */
  key: string;
  /** The key's create revision: the fence. */
  createRevision: string;
  lease: Lease;
  ttlMs: number;
  locks: Namespace;
  log: Logger;
  /** Called once when the handle is released or lost, so the service forgets it. */
  onSettled(handle: EtcdLockHandle): void;
}

/**
 * A lock held as an etcd key bound to a lease. etcd3 keeps the lease alive every third of its TTL.
 * The holder counts the lock as lost when any of these happens first: etcd deletes the key (lease
 * revoked or expired, key removed by an operator), etcd3 reports the lease lost, or no renewal has
 * succeeded for two thirds of the TTL, that is two renewals in a row went unanswered. That is a
 * third of the TTL before etcd could expire the lease (etcd3 itself notices only after twice the
 * TTL), so a partitioned holder stops before anyone else can take the lock.
 */
export class EtcdLockHandle implements LockHandle {
  readonly name: string;
  readonly fence: number;
  private readonly controller = new AbortController();
  private watcher: Watcher | undefined;
  private overdueTimer: NodeJS.Timeout | undefined;
  private settled = false;

  constructor(private readonly options: EtcdLockHandleOptions) {
    this.name = options.name;
    this.fence = Number(options.createRevision);
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts watching for loss; resolves once the key's deletion would be seen. */
  async watchForLoss(): Promise<void> {
    const { lease, locks, key, createRevision, ttlMs } = this.options;
    lease.on('lost', (error: Error) => this.markLost('lease lost', error));
    this.expectRenewal(ttlMs);
    lease.on('keepaliveSucceeded', () => this.expectRenewal(ttlMs));
    const watcher = await locks
      .watch()
      .key(key)
      .startRevision(String(BigInt(createRevision) + 1n))
      .only('delete')
      .create();
    this.watcher = watcher;
    watcher.on('delete', () => this.markLost('lock key deleted'));
    watcher.on('error', (error: Error) => this.markLost('lock key watch failed', error));
    if (this.settled) await this.stopWatching();
  }

  async release(): Promise<void> {
    // A lost lock has nothing left to release: markLost already began revoking its lease.
    if (this.settled) return;
    this.settle();
    await this.stopWatching();
    try {
      await this.options.lease.revoke();
    } catch (error) {
      // Keepalive has stopped, so etcd frees the lock when the lease runs out.
      this.options.log.warn('lock release failed; the lease will expire', {
        lock: this.name,
        fence: this.fence,
        error: messageOf(error),
      });
    }
  }

  /** Marks the lock lost without waiting for etcd (the service is closing, or the lease is overdue). */
  markLost(reason: string, cause?: unknown): void {
    if (this.settled) return;
    this.settle();
    const { name, log } = this.options;
    log.warn('lock lost', { lock: name, fence: this.fence, reason, error: messageOf(cause) });
    this.controller.abort(new Error(`lock ${name} lost: ${reason}`, { cause }));
    void this.stopWatching().then(() => this.revokeQuietly());
  }

  /** (Re)arms the timer that declares the lock lost if no renewal succeeds in time. */
  private expectRenewal(ttlMs: number): void {
    if (this.settled) return;
    clearTimeout(this.overdueTimer);
    this.overdueTimer = setTimeout(() => this.markLost('lease renewal overdue'), (ttlMs * 2) / 3);
    this.overdueTimer.unref();
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.overdueTimer);
    this.options.onSettled(this);
  }

  private async stopWatching(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.cancel().catch(() => undefined);
  }

  /** A lost lease may still exist (etcd unreachable from here only): revoking it frees the lock sooner. */
  private async revokeQuietly(): Promise<void> {
    await this.options.lease.revoke().catch(() => undefined);
  }
}

function messageOf(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  return cause instanceof Error ? cause.message : String(cause);
}
