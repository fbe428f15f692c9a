import type { PickResult, Scheduler, SchedulingSnapshot, SessionRecord } from '@tessera/core';

/**
 * Backend.AI's `lifo`: the most recently created pending session first (sessions created at the
 * same instant in input order). Useful where fresh interactive work matters more than old
 * batch work; an old session may wait as long as newer ones keep arriving.
 */
export class LifoScheduler implements Scheduler {
  readonly name = 'lifo';

  pickSession(snapshot: SchedulingSnapshot): PickResult {
    let newest: SessionRecord | undefined;
    for (const session of snapshot.pending) {
      if (!newest || session.createdAt.getTime() > newest.createdAt.getTime()) newest = session;
    }
    if (!newest) return { kind: 'none', reason: 'no pending sessions' };
    return { kind: 'picked', sessionId: newest.id };
  }
}
