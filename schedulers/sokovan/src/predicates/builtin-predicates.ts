import type { SessionRecord } from '@tessera/core';
import { isPrivateSession } from '../owner-usage';
import { concurrency } from './concurrency';
import { dependencies } from './dependencies';
import { pendingSessionCount, pendingSessionResources } from './pending-limits';
import type { Predicate, PredicateContext, PredicateVerdict } from './predicate';
import { reservedTime } from './reserved-time';
import {
  domainResourceLimit,
  keypairResourceLimit,
  projectResourceLimit,
  userResourceLimit,
} from './resource-limits';

/** The built-in predicates, in the order they run and are recorded. */
export const BUILTIN_PREDICATES: readonly Predicate[] = [
  reservedTime,
  dependencies,
  concurrency,
  pendingSessionCount,
  pendingSessionResources,
  keypairResourceLimit,
  userResourceLimit,
  projectResourceLimit,
  domainResourceLimit,
];

/**
 * Runs every built-in predicate that applies to the session (private sftp sessions skip the
 * pending and quota checks) and returns each verdict in order. All of them run, so a session
 * learns every reason it waits, not only the first.
 */
export function checkPredicates(session: SessionRecord, context: PredicateContext): PredicateVerdict[] {
  const privateSession = isPrivateSession(session);
  return BUILTIN_PREDICATES.filter((p) => p.forPrivateSessions || !privateSession).map((predicate) => {
    const message = predicate.check(session, context);
    return message === null
      ? { name: predicate.name, passed: true }
      : { name: predicate.name, passed: false, message };
  });
}

/** Whether every verdict passed. */
export function allPassed(verdicts: readonly PredicateVerdict[]): boolean {
  return verdicts.every((verdict) => verdict.passed);
}
