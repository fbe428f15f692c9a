import type { Lease, Namespace } from 'etcd3';
import type { EphemeralKey } from '@tessera/core';

/**
 * A key bound to an etcd lease: etcd3 keeps the lease alive (a keepalive every third of the
 * TTL) while this process can reach etcd; etcd deletes the key when the lease is revoked or
 * expires. `lost` aborts when etcd3 learns the lease is gone (expired while etcd was out of reach,
 * or revoked by someone else); a revoke through this handle is deliberate and does not abort it.
 */
export class LeasedKey implements EphemeralKey {
  private readonly controller = new AbortController();
  private revoking: Promise<void> | undefined;

  private constructor(
    readonly key: string,
    private readonly lease: Lease,
    private readonly onEnd: (key: LeasedKey) => void,
  ) {
    lease.on('lost', (reason) => {
      this.controller.abort(new Error(`the lease of ${key} is gone: ${reason.message}`));
      this.onEnd(this);
    });
  }

  /** Grants a lease of `ttlMs` (rounded up to whole seconds, etcd's unit) and puts the key under it. */
  static async put(
    namespace: Namespace,
    key: string,
    storedKey: string,
    value: string,
    ttlMs: number,
    onEnd: (key: LeasedKey) => void,
  ): Promise<LeasedKey> {
    const lease = namespace.lease(Math.max(1, Math.ceil(ttlMs / 1000)));
    const leased = new LeasedKey(key, lease, onEnd);
    try {
      await lease.put(storedKey).value(value).exec();
    } catch (error) {
      await lease.revoke().catch(() => undefined);
      throw error;
    }
    return leased;
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  /** Revokes the lease: etcd deletes the key at once and watchers see the delete. Idempotent. */
  revoke(): Promise<void> {
    this.revoking ??= this.lease.revoke().finally(() => this.onEnd(this));
    return this.revoking;
  }
}
