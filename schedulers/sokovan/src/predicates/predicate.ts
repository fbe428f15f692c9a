import type { OwnerLimits, SessionRecord, SlotTypeMap } from '@tessera/core';
import type { OwnerUsage } from '../owner-usage';
import type { DependencyState } from '../pass-input';

/** One predicate's answer for one session, as `status_data.scheduler` records it. */
export interface PredicateVerdict {
  name: string;
  passed: boolean;
  /** Why it failed (absent when it passed). */
  message?: string;
}

/** What the predicates read: the pass's clock, usage and limits. Never written by a predicate. */
export interface PredicateContext {
  now: Date;
  usage: OwnerUsage;
  limits: OwnerLimits;
  dependencies: ReadonlyMap<string, DependencyState>;
  slotTypes: SlotTypeMap;
}

/**
 * A check a pending session must pass before the scheduler looks for agents (Backend.AI's
 * `check_predicates`). Pure; answers the failure message, or null when the session passes.
 */
export interface Predicate {
  readonly name: string;
  /** Whether the predicate runs for private (sftp) sessions too; upstream runs only three for them. */
  readonly forPrivateSessions: boolean;
  check(session: SessionRecord, context: PredicateContext): string | null;
}
