import type { KernelPlacement, SessionRecord } from '@tessera/core';
import type { AgentRejection } from './agent-filters';
import type { PlacementFailure } from './placement-failure';
import type { PredicateVerdict } from './predicates/predicate';

/** What a pass decided for one session. */
export type SessionOutcome =
  | { kind: 'expired'; session: SessionRecord }
  | { kind: 'held'; session: SessionRecord; reason: string }
  | { kind: 'predicates-failed'; session: SessionRecord; verdicts: PredicateVerdict[] }
  | {
      kind: 'unplaced';
      session: SessionRecord;
      verdicts: PredicateVerdict[];
      failure: PlacementFailure;
      hostnames: string[];
      rejections: AgentRejection[];
    }
  | {
      kind: 'placed';
      session: SessionRecord;
      verdicts: PredicateVerdict[];
      placements: KernelPlacement[];
      agentIds: string[];
    };

/** Whether the pass goes on after an outcome was handled. */
export type OutcomeAnswer = 'continue' | 'stop';
