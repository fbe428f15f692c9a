import type { SessionRecord } from '@tessera/core';
import { isPrivateSession } from './owner-usage';
import type { OutcomeAnswer, SessionOutcome } from './pass-outcome';
import type { PassPlanner } from './pass-planner';
import { allPassed } from './predicates/builtin-predicates';
import type { PredicateVerdict } from './predicates/predicate';

export interface PassCallbacks {
  /** The `predicate` hook after the built-in predicates; null when no plugin answered. */
  predicateHook?(session: SessionRecord): Promise<PredicateVerdict | null>;
  /** Handles (records, commits) one outcome; `stop` ends the pass there. */
  onOutcome(outcome: SessionOutcome): Promise<OutcomeAnswer> | OutcomeAnswer;
}

/** How long the planner may run before it lets I/O through (commits under way, heartbeats, API calls). */
const YIELD_EVERY_MS = 2;

/**
 * Runs a planner to the end: the expired sessions, then every session the planner offers, through
 * the predicates (and the hook), then placement. The same loop serves the live pass (which
 * commits in `onOutcome`) and the simulator (which only collects). Deciding is pure computation,
 * so the loop steps aside every few milliseconds: the commits it started make progress meanwhile,
 * and the process keeps answering.
 */
export async function drivePass(planner: PassPlanner, callbacks: PassCallbacks): Promise<void> {
  let ranSince = Date.now();
  for (const session of planner.expired) {
    if ((await callbacks.onOutcome({ kind: 'expired', session })) === 'stop') return;
  }
  for (let step = planner.next(); step; step = planner.next()) {
    const { session } = step;
    let outcome: SessionOutcome;
    if (step.kind === 'held') {
      outcome = { kind: 'held', session, reason: step.reason };
    } else {
      const verdicts = planner.check(session);
      if (allPassed(verdicts) && callbacks.predicateHook) {
        const hooked = await callbacks.predicateHook(session);
        if (hooked) verdicts.push(hooked);
      }
      if (!allPassed(verdicts)) {
        if (isPrivateSession(session)) planner.withdraw(session);
        outcome = { kind: 'predicates-failed', session, verdicts };
      } else {
        const placement = planner.place(session);
        outcome =
          placement.kind === 'placed'
            ? {
                kind: 'placed',
                session,
                verdicts,
                placements: placement.placements,
                agentIds: placement.agentIds,
              }
            : {
                kind: 'unplaced',
                session,
                verdicts,
                failure: placement.failure,
                hostnames: placement.hostnames,
                rejections: placement.rejections,
              };
      }
    }
    if ((await callbacks.onOutcome(outcome)) === 'stop') return;
    if (Date.now() - ranSince >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      ranSince = Date.now();
    }
  }
}
