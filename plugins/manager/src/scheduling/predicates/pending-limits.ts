import { ResourceSlot, exceededSlots } from '@tessera/core';
import type { Predicate } from './predicate';

/**
 * Only the keypair's first `max_pending_session_count` pending sessions (oldest first) are
 * considered; later ones wait their turn. Unset or 0 is unlimited.
 */
export const pendingSessionCount: Predicate = {
  name: 'pending_session_count_limit',
  forPrivateSessions: false,
  check(session, { usage, limits }) {
    const limit = limits.keypairs[session.accessKey]?.maxPendingSessionCount;
    if (limit == null || limit <= 0) return null;
    const position = usage.pendingBefore(session).length + 1;
    if (position <= limit) return null;
    return `You cannot have more than ${limit} pending sessions (this one is number ${position} in your queue)`;
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
    const limit = limits.keypairs[session.accessKey]?.maxPendingSessionResourceSlots;
    if (!limit || Object.keys(limit).length === 0) return null;
    let pending = ResourceSlot.fromJSON(session.requestedSlots);
    for (const earlier of usage.pendingBefore(session))
      pending = pending.add(ResourceSlot.fromJSON(earlier.requestedSlots));
    const listed = new ResourceSlot(
      Object.keys(limit)
        .filter((slot) => pending.has(slot))
        .map((slot) => [slot, pending.get(slot)]),
    );
    const exceeded = exceededSlots(listed, limit);
    if (exceeded.length === 0) return null;
    const detail = exceeded
      .map((e) => `${e.slot} ${e.requested.toFixed()} > ${e.available.toFixed()}`)
      .join(', ');
    return `Your pending session quota is exceeded. (${detail})`;
  },
};
