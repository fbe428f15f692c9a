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
    const ordered = oldestFirst(snapshot.pending);
    const first = ordered[0];
    if (!first) return { kind: 'none', reason: 'no pending sessions' };
    const limit = this.options.numRetriesToSkip;
    if (limit <= 0) return { kind: 'picked', sessionId: first.id };
    const notSkipped = ordered.find((session) => schedulerRetries(session) < limit);
    return { kind: 'picked', sessionId: (notSkipped ?? first).id };
  }
}

/** A copy ordered by creation time; equal times keep their input order (the sort is stable). */
function oldestFirst(sessions: readonly SessionRecord[]): SessionRecord[] {
  return [...sessions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** `status_data.scheduler.retries`, as the scheduling loop records it after each failed attempt. */
export function schedulerRetries(session: SessionRecord): number {
  const scheduler = session.statusData['scheduler'];
  if (typeof scheduler !== 'object' || scheduler === null) return 0;
  const retries = (scheduler as Record<string, unknown>)['retries'];
  return typeof retries === 'number' && Number.isFinite(retries) ? retries : 0;
}
