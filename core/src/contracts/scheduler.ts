import type { SessionRecord } from './database';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/** What a policy sees of the cluster during one pass: read-only snapshots. */
export interface SchedulingSnapshot {
  resourceGroup: string;
  /** The sessions still to place in this pass, oldest first (`createdAt` ascending). */
  pending: readonly SessionRecord[];
  /** Sessions already holding resources in this group (for fairness policies). */
  existing: readonly SessionRecord[];
  /** Total capacity of the group's schedulable agents, per slot (decimal strings). */
  totalCapacity: Record<string, string>;
  /**
   * The resource group's own settings for its policy (Backend.AI's `scheduler_opts.config`, e.g.
   * fifo's `num_retries_to_skip`), as stored: a policy validates what it reads and falls back to
   * its plugin config for anything absent or invalid. Absent when the group has none.
   */
  groupConfig?: Readonly<Record<string, unknown>>;
}

export type PickResult = { kind: 'picked'; sessionId: string } | { kind: 'none'; reason: string };

/**
 * scheduler/v1: a session-selection policy (fifo, lifo, drf, ...). A policy orders; it does not
 * filter: it answers `none` only when nothing is pending.
 *
 * Who calls it and when: the scheduling loop, once per pass over one resource group (passes of
 * different groups may run at the same time on one instance). It calls `beginPass` once with the
 * pass's first snapshot, then `pickSession` repeatedly, removing the picked session from `pending`
 * each time, and `onPlaced` after each session it placed. The policy's per-pass state travels
 * through these calls as a value: the instance itself keeps nothing between calls.
 *
 * Every method is pure and deterministic (no I/O, no clock, no randomness; the snapshot and the
 * state are never mutated). Among sessions the policy ranks equal, the first in `pending` order
 * wins. "Nothing to pick" is a result, not an exception; an exception is a bug.
 */
export interface Scheduler<PassState = unknown> {
  readonly name: string;
  /**
   * Builds the policy's working state for one pass (DRF: each key's share of the group). Optional:
   * a policy without it receives `undefined` as its state.
   */
  beginPass?(snapshot: SchedulingSnapshot): PassState;
  /** The next session to try. `state` is what `beginPass` or the last `onPlaced` returned. */
  pickSession(snapshot: SchedulingSnapshot, state: PassState): PickResult;
  /** The state after `session` was placed on `agentIds`, so later picks in the pass see it. */
  onPlaced?(session: SessionRecord, agentIds: readonly string[], state: PassState): PassState;
}

/** The named registry of every scheduler plugin in the deployment. */
export const SchedulerRegistry = contractToken<NamedRegistry<Scheduler>>('scheduler');
