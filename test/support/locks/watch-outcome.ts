import type { LockHandle } from '@tessera/core';

export interface Timeline {
  /** When the first holder's `lost` aborted (epoch ms), if it did. */
  lostAt?: number;
  /** When the second contender got the lock (epoch ms), if it did. */
  takenAt?: number;
}

/** Records when `first` learns it lost the lock and when `second` resolves with a holder. */
export function recordTimeline(first: LockHandle, second: Promise<LockHandle | null>): Timeline {
  const timeline: Timeline = {};
  first.lost.addEventListener('abort', () => (timeline.lostAt = Date.now()), { once: true });
  void second.then((handle) => {
    if (handle) timeline.takenAt = Date.now();
  });
  return timeline;
}
