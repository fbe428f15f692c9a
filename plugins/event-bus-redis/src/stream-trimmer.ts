import type { Logger } from '@tessera/core';
import type Redis from 'ioredis';
import { parseGroupsReply, parsePendingSummary } from './redis-replies';
import { earlierStreamId, nextStreamId } from './stream-id';

/** What one consumer group still needs from the stream. */
export interface GroupNeeds {
  /** Entries after this one were not yet delivered to the group. */
  lastDeliveredId: string;
  /** The oldest entry delivered but not acknowledged, or null when none is pending. */
  oldestPendingId: string | null;
}

/**
 * The first entry some consumer group still needs: its oldest pending entry, or the first entry it
 * has not been delivered. Everything before it has been acknowledged by every group. Null when the
 * stream has no group (nothing will ever read the old entries: new groups start at the end).
 */
export function oldestNeededId(groups: readonly GroupNeeds[]): string | null {
  let oldest: string | null = null;
  for (const group of groups) {
    let needed = nextStreamId(group.lastDeliveredId);
    if (group.oldestPendingId !== null) needed = earlierStreamId(needed, group.oldestPendingId);
    oldest = oldest === null ? needed : earlierStreamId(oldest, needed);
  }
  return oldest;
}

const GROWTH_WARNING_FACTOR = 10;
const GROWTH_WARNING_INTERVAL_MS = 60_000;

/**
 * Keeps the stream short without losing events. Backend.AI trims every XADD to ~128 entries,
 * which silently drops entries a slow or restarting group has not read yet. Here, once the
 * stream is longer than `maxLength`, only entries that every group has acknowledged are trimmed
 * (XTRIM MINID up to the oldest entry still needed; exact, not `~`: the stream is short, so exact
 * trimming costs little and keeps its length predictable). A group that stops reading for good pins
 * the stream: it grows and a warning names it; `XGROUP DESTROY` releases it.
 */
export class StreamTrimmer {
  private appended = 0;
  private running?: Promise<void>;
  private lastWarning = 0;

  constructor(
    private readonly commands: Redis,
    private readonly stream: string,
    private readonly maxLength: number,
    private readonly log: Logger,
  ) {}

  /** Called after each XADD; starts a trim (in the background, one at a time) every maxLength/2 appends. */
  noteAppend(): void {
    if (++this.appended < Math.max(1, Math.floor(this.maxLength / 2))) return;
    this.appended = 0;
    this.running ??= this.trim()
      .then(
        () => undefined,
        (error: unknown) =>
          this.log.warn('event stream trim failed', { stream: this.stream, error: String(error) }),
      )
      .finally(() => (this.running = undefined));
  }

  /** Resolves when no trim is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** Trims acknowledged entries when the stream is over `maxLength`; resolves with how many went. */
  async trim(): Promise<number> {
    const length = await this.commands.xlen(this.stream);
    if (length <= this.maxLength) return 0;
    const groups = parseGroupsReply(await this.commands.xinfo('GROUPS', this.stream));
    const needs = await Promise.all(
      groups.map(async (group) => ({
        name: group.name,
        lastDeliveredId: group.lastDeliveredId,
        oldestPendingId:
          group.pending > 0
            ? parsePendingSummary(await this.commands.xpending(this.stream, group.name)).oldestId
            : null,
      })),
    );
    const cutoff = oldestNeededId(needs);
    const removed =
      cutoff === null
        ? await this.commands.xtrim(this.stream, 'MAXLEN', this.maxLength)
        : await this.commands.xtrim(this.stream, 'MINID', cutoff);
    this.warnWhenPinned(length - removed, needs, cutoff);
    return removed;
  }

  private warnWhenPinned(
    length: number,
    needs: ReadonlyArray<GroupNeeds & { name: string }>,
    cutoff: string | null,
  ): void {
    const now = Date.now();
    if (
      length <= this.maxLength * GROWTH_WARNING_FACTOR ||
      now - this.lastWarning < GROWTH_WARNING_INTERVAL_MS
    ) {
      return;
    }
    this.lastWarning = now;
    const pinning = needs
      .filter((group) => cutoff !== null && oldestNeededId([group]) === cutoff)
      .map((group) => group.name);
    this.log.warn('event stream keeps growing: a consumer group is not acknowledging its events', {
      stream: this.stream,
      length,
      groups: pinning,
    });
  }
}
