import type { SessionRecord } from './database';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/** What a policy sees of the cluster during one pass: read-only snapshots. */
export interface SchedulingSnapshot {
  resourceGroup: string;
  pending: readonly SessionRecord[];
  /** Sessions already holding resources in this group (for fairness policies). */
  existing: readonly SessionRecord[];
  /** Total capacity of the group's schedulable agents, per slot (decimal strings). */
  totalCapacity: Record<string, string>;
}

export type PickResult = { kind: 'picked'; sessionId: string } | { kind: 'none'; reason: string };

/**
 * scheduler/v1: a session-selection policy (fifo, lifo, drf, ...). The scheduling loop calls
 * `pickSession` repeatedly within one pass, removing sessions it has handled from `pending`. It
 * must be pure over the snapshot (no I/O) and deterministic; "nothing to pick" is a result, not an
 * exception. `onPlaced` lets stateful policies update their view as the pass allocates.
 */
export interface Scheduler {
  readonly name: string;
  pickSession(snapshot: SchedulingSnapshot): PickResult;
  onPlaced?(session: SessionRecord, agentIds: string[]): void;
}

/** The named registry of every scheduler plugin in the deployment. */
export const Scheduler = contractToken<NamedRegistry<Scheduler>>('scheduler');
