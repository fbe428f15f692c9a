import type { PickResult, Scheduler, SchedulingSnapshot, SessionRecord } from '@tessera/core';

export interface FifoOptions {
  /** Skip sessions whose scheduler retries reached this count (0 = strict FIFO). */
  numRetriesToSkip: number;
}

/** Backend.AI's `fifo`: the oldest pending session first, ties broken by id. */
export class FifoScheduler implements Scheduler {
  readonly name = 'fifo';

  constructor(private readonly options: FifoOptions) {}

  pickSession(snapshot: SchedulingSnapshot): PickResult {
    const ordered = [...snapshot.pending].sort(byAgeThenId);
    const first = ordered[0];
    if (!first) return { kind: 'none', reason: 'no pending sessions' };
    const limit = this.options.numRetriesToSkip;
    if (limit <= 0) return { kind: 'picked', sessionId: first.id };
    // Head-of-line blocking avoidance: pass over sessions that keep failing to fit, unless all do.
    const notSkipped = ordered.find((session) => schedulerRetries(session) < limit);
    return { kind: 'picked', sessionId: (notSkipped ?? first).id };
  }
}

function byAgeThenId(a: SessionRecord, b: SessionRecord): number {
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  if (age !== 0) return age;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** `status_data.scheduler.retries`, as the scheduling loop records it after each failed attempt. */
export function schedulerRetries(session: SessionRecord): number {
  const scheduler = session.statusData['scheduler'];
  if (typeof scheduler !== 'object' || scheduler === null) return 0;
  const retries = (scheduler as Record<string, unknown>)['retries'];
  return typeof retries === 'number' && Number.isFinite(retries) ? retries : 0;
}
