import Decimal from 'decimal.js';
import {
  ResourceSlot,
  type PickResult,
  type Scheduler,
  type SchedulingSnapshot,
  type SessionRecord,
} from '@tessera/core';
import { dominantShare } from './dominant-share';

const NOTHING_HELD = new Decimal(0);

/** Whose share is compared: the session's access key (Backend.AI's legacy DRF) or its user (Sokovan). */
export type DrfKey = 'accessKey' | 'user';

export interface DrfOptions {
  keyBy: DrfKey;
}

/** What one pass knows: the group's capacity and, per key, the largest dominant share it holds. */
export interface DrfPassState {
  readonly capacity: ResourceSlot;
  readonly shares: ReadonlyMap<string, Decimal>;
}

/**
 * Dominant resource fairness: the key (access key or user) whose largest dominant share among its
 * sessions holding resources is lowest goes first, with its oldest pending session. A key with
 * nothing running has share zero. Equal shares go to the key whose oldest pending session comes
 * first (by creation time, then input order). Each placement in the pass raises its key's share
 * to the placed session's dominant share when that is larger (a maximum, not a sum, as upstream).
 */
export class DrfScheduler implements Scheduler<DrfPassState> {
  readonly name = 'drf';

  constructor(private readonly options: DrfOptions) {}

  beginPass(snapshot: SchedulingSnapshot): DrfPassState {
    const capacity = ResourceSlot.fromJSON(snapshot.totalCapacity);
    const shares = new Map<string, Decimal>();
    for (const session of snapshot.existing) {
      raise(shares, this.keyOf(session), dominantShare(heldSlots(session), capacity));
    }
    return { capacity, shares };
  }

  pickSession(snapshot: SchedulingSnapshot, state?: DrfPassState): PickResult {
    const { shares } = state ?? this.beginPass(snapshot);
    // One scan, not a sort per pick: the lowest share wins, then the oldest, then input order.
    let best: { session: SessionRecord; share: Decimal; at: number } | undefined;
    for (const session of snapshot.pending) {
      const share = shares.get(this.keyOf(session)) ?? NOTHING_HELD;
      const at = session.createdAt.getTime();
      if (!best || ranksBefore(share, at, best)) best = { session, share, at };
    }
    if (!best) return { kind: 'none', reason: 'no pending sessions' };
    return { kind: 'picked', sessionId: best.session.id };
  }

  onPlaced(session: SessionRecord, _agentIds: readonly string[], state: DrfPassState): DrfPassState {
    const shares = new Map(state.shares);
    raise(
      shares,
      this.keyOf(session),
      dominantShare(ResourceSlot.fromJSON(session.requestedSlots), state.capacity),
    );
    return { capacity: state.capacity, shares };
  }

  private keyOf(session: SessionRecord): string {
    return this.options.keyBy === 'user' ? session.userId : session.accessKey;
  }
}

/** What an existing session holds: its occupied slots, or what it requested while none are recorded. */
function heldSlots(session: SessionRecord): ResourceSlot {
  const occupying = ResourceSlot.fromJSON(session.occupyingSlots);
  return occupying.isZero() ? ResourceSlot.fromJSON(session.requestedSlots) : occupying;
}

function raise(shares: Map<string, Decimal>, key: string, share: Decimal): void {
  const current = shares.get(key);
  if (current === undefined || share.gt(current)) shares.set(key, share);
}

/** Whether a session with this share and creation time goes before `best`: lower share, then older. */
function ranksBefore(share: Decimal, at: number, best: { share: Decimal; at: number }): boolean {
  const order = share.cmp(best.share);
  return order < 0 || (order === 0 && at < best.at);
}
