import type { Predicate } from './predicate';

/** A batch session with a start time (`starts_at`) waits until then. */
export const reservedTime: Predicate = {
  name: 'reserved_time',
  forPrivateSessions: true,
  check(session, { now }) {
    if (session.type !== 'batch' || !session.startsAt) return null;
    if (session.startsAt.getTime() <= now.getTime()) return null;
    return `Before start time (starts at ${session.startsAt.toISOString()})`;
  },
};
