import type { PickResult, Scheduler, SchedulingSnapshot, SessionRecord } from '@tessera/core';

export interface FifoOptions {
  /** Skip sessions whose scheduler retries reached this count (0 = strict FIFO). */
  numRetriesToSkip: number;
}

/**
 * Backend.AI's `fifo`: the oldest pending session first (sessions created at the same instant in
 * input order). With `numRetriesToSkip` > 0 it passes over sessions that already failed to fit
 * that many times, unless all of them did, so one session that never fits does not block the
 * queue (head-of-line blocking).
 */
export class FifoScheduler implements Scheduler {
  readonly name = 'fifo';

  constructor(private readonly options: FifoOptions) {}

  pickSession(snapshot: SchedulingSnapshot): PickResult {
    const limit =
      retriesToSkip(snapshot.groupConfig?.['num_retries_to_skip']) ?? this.options.numRetriesToSkip;
    const first = oldest(snapshot.pending, () => true);
    if (!first) return { kind: 'none', reason: 'no pending sessions' };
    if (limit <= 0) return { kind: 'picked', sessionId: first.id };
    const notSkipped = oldest(snapshot.pending, (session) => schedulerRetries(session) < limit);
    return { kind: 'picked', sessionId: (notSkipped ?? first).id };
  }
}

/**
 * The first of the oldest sessions that `include` accepts (equal creation times: the first in input
 * order). One scan, not a sort: a pass picks once per session, so this runs n times over up to n.
 */
function oldest(
  sessions: readonly SessionRecord[],
  include: (session: SessionRecord) => boolean,
): SessionRecord | undefined {
  let found: SessionRecord | undefined;
  let foundAt = 0;
  for (const session of sessions) {
    const at = session.createdAt.getTime();
    if ((!found || at < foundAt) && include(session)) {
      found = session;
      foundAt = at;
    }
  }
  return found;
}

/** `status_data.scheduler.retries`, as the scheduling loop records it after each failed attempt. */
export function schedulerRetries(session: SessionRecord): number {
  const scheduler = session.statusData['scheduler'];
  if (typeof scheduler !== 'object' || scheduler === null) return 0;
  const retries = (scheduler as Record<string, unknown>)['retries'];
  return typeof retries === 'number' && Number.isFinite(retries) ? retries : 0;
}

/** The group's own `num_retries_to_skip` when it is a whole number of at least zero (a number or its text). */
function retriesToSkip(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}
