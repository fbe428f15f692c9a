import type { LockHandle, LockService } from '@tessera/core';

interface LockState {
  holder: InProcessLockHandle | undefined;
  waiters: Array<(handle: LockHandle) => void>;
}

class InProcessLockHandle implements LockHandle {
  private readonly controller = new AbortController();
  released = false;

  constructor(
    readonly name: string,
    readonly fence: number,
    private readonly onRelease: (handle: InProcessLockHandle) => void,
  ) {}

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }

  /** The lease is gone: tell the holder, and let the next waiter in. */
  revoke(): void {
    if (this.released) return;
    this.controller.abort(new Error(`lock ${this.name} lease expired`));
    void this.release();
  }
}

/**
 * Named mutexes for one process. Waiters are served first come, first served; every new holder
 * gets a higher fencing token. Leases (`ttlMs`) never lapse on their own in one process (the
 * holder is alive as long as the process is); `revokeAll` ends them, as an operator would, and
 * holders learn it through `lost`.
 */
export class InProcessLockService implements LockService {
  private readonly locks = new Map<string, LockState>();
  private fence = 0;

  async acquire(
    name: string,
    options: { timeoutMs?: number; ttlMs?: number } = {},
  ): Promise<LockHandle | null> {
    const state = this.state(name);
    if (!state.holder) return this.grant(name, state);
    return new Promise<LockHandle | null>((resolve) => {
      const waiter = (handle: LockHandle) => resolve(handle);
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

  async tryAcquire(name: string): Promise<LockHandle | null> {
    const state = this.state(name);
    return state.holder ? null : this.grant(name, state);
  }

  /** Ends every held lease: each holder's `lost` aborts and the next waiter gets the lock. */
  revokeAll(): void {
    for (const state of [...this.locks.values()]) state.holder?.revoke();
  }

  private grant(name: string, state: LockState): LockHandle {
    const handle = new InProcessLockHandle(name, ++this.fence, (released) => this.handOver(name, released));
    state.holder = handle;
    return handle;
  }

  private handOver(name: string, released: InProcessLockHandle): void {
    const state = this.locks.get(name);
    if (!state || state.holder !== released) return;
    state.holder = undefined;
    const next = state.waiters.shift();
    if (next) next(this.grant(name, state));
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
