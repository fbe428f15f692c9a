import { pendingCountViolation, pendingResourcesViolation } from '../pending-quota';
import type { Predicate } from './predicate';

/**
 * Only the keypair's first `max_pending_session_count` pending sessions (oldest first) are
 * considered; later ones wait their turn. Unset or 0 is unlimited.
 */
export const pendingSessionCount: Predicate = {
  name: 'pending_session_count_limit',
  forPrivateSessions: false,
  check(session, { usage, limits }) {
    const position = usage.pendingBefore(session).length + 1;
    return pendingCountViolation(limits.keypairs[session.accessKey], position);
  },
};

/**
 * The slots requested by the keypair's pending sessions up to and including this one (oldest
 * first) must stay within `max_pending_session_resource_slots`; slots it does not list are unbounded.
 */
export const pendingSessionResources: Predicate = {
  name: 'pending_session_resource_limit',
  forPrivateSessions: false,
  check(session, { usage, limits }) {
    const queue = [...usage.pendingBefore(session), session].map((s) => s.requestedSlots);
    return pendingResourcesViolation(limits.keypairs[session.accessKey], queue);
  },
};
