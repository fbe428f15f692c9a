import type { RateLimitStore } from '@tessera/core';

/** Slots a window is cut into: a key never holds more, however fast it is hit. */
const SLOTS_PER_WINDOW = 1000;

interface KeyCounts {
  /** Start times of the key's slots (ms), oldest first; `counts[i]` requests fell in slot `i`. */
  starts: number[];
  counts: number[];
  total: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Keys tracked at most; past it the key hit longest ago is forgotten first. */
  maxKeys: number;
}

/**
 * The manager's own rate-limit store, for a single manager process (the all-in-one default).
 * Memory stays bounded both ways: each key keeps at most SLOTS_PER_WINDOW counters (a request
 * is counted in the slot of `windowMs / SLOTS_PER_WINDOW` ms that holds its time, and leaves the
 * window with its slot, at most one slot early), and at most `maxKeys` keys are kept, the least
 * recently hit dropped first. Expired keys are dropped as they are met: the key hit longest ago
 * is checked on every hit. JavaScript runs one hit at a time, so each is atomic.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  /** Map order is recency order: a key is re-inserted on every hit. */
  private readonly keys = new Map<string, KeyCounts>();

  constructor(private readonly options: MemoryRateLimitStoreOptions) {}

  hit(key: string, nowMs: number, windowMs: number): Promise<number> {
    const slotMs = Math.max(1, windowMs / SLOTS_PER_WINDOW);
    const entry = this.keys.get(key) ?? { starts: [], counts: [], total: 0 };
    this.keys.delete(key);
    expire(entry, nowMs - windowMs);
    const slotStart = Math.floor(nowMs / slotMs) * slotMs;
    const last = entry.starts.length - 1;
    // A clock that stepped back counts in the newest slot rather than reordering the list.
    if (last >= 0 && entry.starts[last]! >= slotStart) entry.counts[last]! += 1;
    else {
      entry.starts.push(slotStart);
      entry.counts.push(1);
    }
    entry.total += 1;
    this.keys.set(key, entry);
    this.dropStale(nowMs - windowMs);
    return Promise.resolve(entry.total);
  }

  /** Keys currently tracked (for tests and health). */
  size(): number {
    return this.keys.size;
  }

  /** Counters a key holds (for tests: never more than SLOTS_PER_WINDOW). */
  slots(key: string): number {
    return this.keys.get(key)?.starts.length ?? 0;
  }

  private dropStale(horizon: number): void {
    while (this.keys.size > this.options.maxKeys) {
      const oldest = this.keys.keys().next().value as string;
      this.keys.delete(oldest);
    }
    const [oldestKey, oldest] = this.keys.entries().next().value ?? [];
    if (oldestKey !== undefined && oldest && oldest.starts[oldest.starts.length - 1]! <= horizon)
      this.keys.delete(oldestKey);
  }
}

/** Drops the slots that started at or before `horizon` (upstream removes scores <= now - window). */
function expire(entry: KeyCounts, horizon: number): void {
  let dropped = 0;
  while (dropped < entry.starts.length && entry.starts[dropped]! <= horizon) {
    entry.total -= entry.counts[dropped]!;
    dropped += 1;
  }
  if (dropped > 0) {
    entry.starts.splice(0, dropped);
    entry.counts.splice(0, dropped);
  }
}
