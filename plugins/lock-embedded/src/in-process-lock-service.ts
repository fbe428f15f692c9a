import type { LockHandle, LockService } from '@tessera/core';

interface Waiter {
  grant: (handle: LockHandle) => void;
  ttlMs: number | undefined;
}

interface LockState {
  holder: InProcessLockHandle | undefined;
  waiters: Waiter[];
}

class InProcessLockHandle implements LockHandle {
  private readonly controller = new AbortController();
  private expiry: NodeJS.Timeout | undefined;
  released = false;

  constructor(
    readonly name: string,
    readonly fence: number,
    ttlMs: number | undefined,
    private readonly onRelease: (handle: InProcessLockHandle) => void,
  ) {
    if (ttlMs !== undefined) {
      this.expiry = setTimeout(() => this.expire(), ttlMs);
      this.expiry.unref();
    }
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.expiry);
    this.onRelease(this);
  }

  private expire(): void {
    if (this.released) return;
    this.controller.abort(new Error(`lock ${this.name} lease expired`));
    void this.release();
  }
}

/**
 * Named mutexes for one process. Waiters are served first come, first served; every new holder
 * gets a higher fencing token; a holder with a lease (`ttlMs`) loses the lock when it expires and
 * learns it through `lost`.
 */
export class InProcessLockService implements LockService {
  private readonly locks = new Map<string, LockState>();
  private fence = 0;

  async acquire(
    name: string,
    options: { timeoutMs?: number; ttlMs?: number } = {},
  ): Promise<LockHandle | null> {
    const state = this.state(name);
    if (!state.holder) return this.grant(name, state, options.ttlMs);
    return new Promise<LockHandle | null>((resolve) => {
      const waiter: Waiter = { grant: resolve, ttlMs: options.ttlMs };
      state.waiters.push(waiter);
      if (options.timeoutMs !== undefined) {
        setTimeout(() => {
          const index = state.waiters.indexOf(waiter);
          if (index >= 0) {
            state.waiters.splice(index, 1);
            resolve(null);
          }
        }, options.timeoutMs);
      }
    });
  }

  async tryAcquire(name: string, options: { ttlMs?: number } = {}): Promise<LockHandle | null> {
    const state = this.state(name);
    if (state.holder) return null;
    return this.grant(name, state, options.ttlMs);
  }

  private grant(name: string, state: LockState, ttlMs: number | undefined): LockHandle {
    const handle = new InProcessLockHandle(name, ++this.fence, ttlMs, (released) =>
      this.handOver(name, released),
    );
    state.holder = handle;
    return handle;
  }

  private handOver(name: string, released: InProcessLockHandle): void {
    const state = this.state(name);
    if (state.holder !== released) return;
    state.holder = undefined;
    const next = state.waiters.shift();
    if (next) next.grant(this.grant(name, state, next.ttlMs));
    else this.locks.delete(name);
  }

  private state(name: string): LockState {
    let state = this.locks.get(name);
    if (!state) {
      state = { holder: undefined, waiters: [] };
      this.locks.set(name, state);
    }
    return state;
  }
}
