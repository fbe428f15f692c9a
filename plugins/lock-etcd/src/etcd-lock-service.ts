import { setMaxListeners } from 'node:events';
import { Etcd3, type Lease, type Namespace } from 'etcd3';
import { TesseraError, type LockHandle, type LockService, type Logger } from '@tessera/core';
import { EtcdLockHandle } from './etcd-lock-handle';
import { contenderKey, readQueue, waitForTurn } from './lock-queue';

export interface EtcdLockServiceOptions {
  endpoints: string[];
  namespace: string;
  defaultTtlMs: number;
  requestTimeoutMs: number;
  user?: string;
  password?: string;
  /** Stored as the value of the holder's key, so operators can see who holds a lock. */
  owner: string;
}

/** etcd will not keep a lease shorter than this (its minimum TTL with default election settings). */
const MIN_LEASE_SECONDS = 2;

/**
 * lock/v1 on etcd. Each acquisition grants its own lease, queues a key bound to it under
 * `/sorna/<namespace>/locks/<name>/`, and holds the lock once its key is the oldest there (see
 * lock-queue.ts). The fence is that key's create revision, which etcd makes unique and increasing
 * across the whole cluster. Nothing touches the network before `connect`.
 */
export class EtcdLockService implements LockService {
  private client: Etcd3 | undefined;
  private locks: Namespace | undefined;
  private readonly held = new Set<EtcdLockHandle>();
  /** Acquisitions under way; `close` lets them revoke their leases before the client goes. */
  private readonly pending = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly options: EtcdLockServiceOptions,
    private readonly log: Logger,
  ) {
    // Every waiting contender listens for the close (and stops listening when its wait ends):
    // many locks requested at once are expected, not a leak.
    setMaxListeners(0, this.closing.signal);
  }

  /** Opens the client and checks that etcd answers. */
  async connect(): Promise<void> {
    const { endpoints, namespace, requestTimeoutMs, user, password } = this.options;
    const client = new Etcd3({
      hosts: endpoints,
      dialTimeout: requestTimeoutMs,
      auth: user ? { username: user, password: password ?? '' } : undefined,
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
    });
    this.client = client;
    this.locks = client.namespace(`/sorna/${namespace}/locks/`);
    try {
      await client.maintenance.status();
    } catch (error) {
      client.close();
      this.client = undefined;
      this.locks = undefined;
      throw unavailable(error, endpoints);
    }
  }

  async acquire(
    name: string,
    options: { timeoutMs?: number; ttlMs?: number } = {},
  ): Promise<LockHandle | null> {
    return this.track(this.queueAndWait(name, options));
  }

  async tryAcquire(name: string, options: { ttlMs?: number } = {}): Promise<LockHandle | null> {
    return this.track(this.queueAndCheck(name, options));
  }

  /** Ends waits with null, releases every held lock (their leases are revoked), closes the client. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.held].map((handle) => handle.release()));
    this.client?.close();
    this.client = undefined;
    this.locks = undefined;
  }

  private async track(acquisition: Promise<LockHandle | null>): Promise<LockHandle | null> {
    this.pending.add(acquisition);
    try {
      return await acquisition;
    } catch (error) {
      throw unavailable(error, this.options.endpoints);
    } finally {
      this.pending.delete(acquisition);
    }
  }

  private async queueAndWait(
    name: string,
    options: { timeoutMs?: number; ttlMs?: number },
  ): Promise<LockHandle | null> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const ttlMs = this.ttlOf(options.ttlMs);
    for (;;) {
      const locks = this.namespace();
      const { lease, key } = await this.enqueue(locks, name, ttlMs);
      const outcome = await revokeOnFailure(lease, () =>
        waitForTurn({
          locks,
          name,
          key,
          lease,
          deadline,
          closing: this.closing.signal,
          recheckMs: Math.max(ttlMs, 1000),
        }),
      );
      if (outcome.kind === 'granted') return this.hold(name, key, outcome.createRevision, lease, ttlMs);
      await lease.revoke().catch(() => undefined);
      if (outcome.kind !== 'evicted' || Date.now() >= deadline) return null;
      this.log.info('lock waiter lost its place and queues again', { lock: name });
    }
  }

  private async queueAndCheck(name: string, options: { ttlMs?: number }): Promise<LockHandle | null> {
    const locks = this.namespace();
    const ttlMs = this.ttlOf(options.ttlMs);
    const { lease, key } = await this.enqueue(locks, name, ttlMs);
    const head = (await revokeOnFailure(lease, () => readQueue(locks, name))).contenders[0];
    if (head?.key === key) return this.hold(name, key, head.createRevision, lease, ttlMs);
    await lease.revoke().catch(() => undefined);
    return null;
  }

  /** Grants a lease and puts the contender's key bound to it (only if absent: a retried put is a no-op). */
  private async enqueue(
    locks: Namespace,
    name: string,
    ttlMs: number,
  ): Promise<{ lease: Lease; key: string }> {
    const lease = locks.lease(leaseSeconds(ttlMs));
    return revokeOnFailure(lease, async () => {
      const key = contenderKey(name, await lease.grant());
      await locks.if(key, 'Create', '==', 0).then(lease.put(key).value(this.options.owner)).commit();
      return { lease, key };
    });
  }

  private async hold(
    name: string,
    key: string,
    createRevision: string,
    lease: Lease,
    ttlMs: number,
  ): Promise<LockHandle | null> {
    if (this.closing.signal.aborted) {
      await lease.revoke().catch(() => undefined);
      return null;
    }
    const handle = new EtcdLockHandle({
      name,
      key,
      createRevision,
      lease,
      ttlMs,
      locks: this.namespace(),
      log: this.log,
      onSettled: (settled) => this.held.delete(settled),
    });
    this.held.add(handle);
    try {
      await handle.watchForLoss();
    } catch (error) {
      await handle.release();
      throw error;
    }
    this.log.debug('lock acquired', { lock: name, fence: handle.fence });
    return handle;
  }

  private ttlOf(requested: number | undefined): number {
    return Math.max(requested ?? this.options.defaultTtlMs, MIN_LEASE_SECONDS * 1000);
  }

  private namespace(): Namespace {
    if (!this.locks || this.closing.signal.aborted) {
      throw new TesseraError('lock-unavailable', 'the etcd lock service is not connected', {
        namespace: this.options.namespace,
      });
    }
    return this.locks;
  }
}

function leaseSeconds(ttlMs: number): number {
  return Math.ceil(ttlMs / 1000);
}

/** Runs `step`; if it throws, revokes the lease (stopping its keepalive) before rethrowing. */
async function revokeOnFailure<T>(lease: Lease, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await lease.revoke().catch(() => undefined);
    throw error;
  }
}

function unavailable(error: unknown, endpoints: string[]): TesseraError {
  if (error instanceof TesseraError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TesseraError(
    'lock-unavailable',
    `etcd does not answer at ${endpoints.join(', ')}: ${reason}`,
    { endpoints },
    {},
    { cause: error },
  );
}
