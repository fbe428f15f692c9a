import type { LockService } from '@tessera/core';

export interface CounterStore {
  read(): Promise<number>;
  write(value: number): Promise<void>;
}

export interface Increment {
  holder: string;
  fence: number;
  /** The counter value this increment wrote. */
  value: number;
}

/**
 * `times` read-modify-write increments of a shared counter, each under the lock `name`, with a
 * pause between the read and the write so that an unprotected pair of holders would lose updates.
 */
export async function countUnderLock(
  holder: string,
  locks: LockService,
  name: string,
  store: CounterStore,
  times: number,
): Promise<Increment[]> {
  const increments: Increment[] = [];
  for (let i = 0; i < times; i++) {
    const lock = await locks.acquire(name, { timeoutMs: 10_000 });
    if (!lock) throw new Error(`${holder} did not get ${name} within 10 s`);
    try {
      const value = (await store.read()) + 1;
      await new Promise((resolve) => setImmediate(resolve));
      await store.write(value);
      increments.push({ holder, fence: lock.fence, value });
    } finally {
      await lock.release();
    }
  }
  return increments;
}

/** Every value 1..n written once, and fences growing with the values: holders took strict turns. */
export function inWriteOrder(increments: Increment[]): Increment[] {
  return [...increments].sort((a, b) => a.value - b.value);
}
