/**
 * The last `capacity` items, each numbered from 1 in arrival order. Resuming a stream asks for
 * everything after a number; `since` says when that number is older than what the ring still
 * holds, so the caller knows events were lost rather than silently skipping them.
 */
export class EventRing<T> {
  private readonly items: Array<{ seq: number; item: T } | undefined>;
  private next = 1;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('EventRing capacity must be a positive integer');
    this.items = new Array<{ seq: number; item: T } | undefined>(capacity);
  }

  /** Stores `item` (dropping the oldest when full) and answers its number. */
  push(item: T): number {
    const seq = this.next++;
    this.items[seq % this.capacity] = { seq, item };
    return seq;
  }

  /** The number the next item will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** The oldest number still held (equal to `nextSeq` when empty). */
  get oldestSeq(): number {
    return Math.max(1, this.next - this.capacity);
  }

  /**
   * Items numbered above `seq`, oldest first; `complete` is false when some of them are gone
   * already (or `seq` was never handed out).
   */
  since(seq: number): { items: Array<{ seq: number; item: T }>; complete: boolean } {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.next) return { items: [], complete: false };
    const from = Math.max(seq + 1, this.oldestSeq);
    const items: Array<{ seq: number; item: T }> = [];
    for (let at = from; at < this.next; at++) items.push(this.items[at % this.capacity]!);
    return { items, complete: from === seq + 1 };
  }
}
