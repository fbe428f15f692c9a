import { inject, injectable } from 'tsyringe';
import { Logger, type SessionRecord } from '@tessera/core';
import { cancelPendingSession, SessionStatusWriter } from '@tessera/manager-sessions';
import type { PlacementFailure, PredicateVerdict } from '@tessera/sokovan';

/** The previous attempt count in `status_data.scheduler.retries`. */
function previousRetries(session: SessionRecord): number {
  const scheduler = session.statusData['scheduler'];
  const retries =
    typeof scheduler === 'object' && scheduler !== null
      ? (scheduler as Record<string, unknown>)['retries']
      : 0;
  return typeof retries === 'number' && Number.isFinite(retries) ? retries : 0;
}

function verdictLists(verdicts: readonly PredicateVerdict[]): Record<string, unknown> {
  return {
    passed_predicates: verdicts.filter((v) => v.passed).map((v) => ({ name: v.name })),
    failed_predicates: verdicts.filter((v) => !v.passed).map((v) => ({ name: v.name, msg: v.message ?? '' })),
  };
}

/** What a pass writes on a session it leaves PENDING. */
export interface PendingVerdict {
  sessionId: string;
  statusInfo: string;
  statusData: Record<string, unknown>;
}

/**
 * What a pass decided for sessions it did not place, in Backend.AI's conventions
 * (upstream-notes §3.1, §3.7): they stay PENDING with `predicate-checks-failed` or
 * `no-available-instances` and `status_data.scheduler = {retries, last_try, msg, ...}` (returned
 * as verdicts the pass writes together); private (sftp) sessions that fail a predicate and
 * sessions past the pending timeout are cancelled at once.
 */
@injectable()
export class OutcomeRecorder {
  constructor(
    @inject(SessionStatusWriter) private readonly writer: SessionStatusWriter,
    @inject(Logger) private readonly log: Logger,
  ) {}

  /** The verdict to write, or null when the session was cancelled instead. */
  async predicatesFailed(
    session: SessionRecord,
    verdicts: PredicateVerdict[],
    now: Date,
  ): Promise<PendingVerdict | null> {
    const failed = verdicts.filter((v) => !v.passed);
    const scheduler = this.attempt(session, now, {
      msg: failed.map((v) => v.message).join('; '),
      ...verdictLists(verdicts),
    });
    if (session.type === 'system') {
      await cancelPendingSession(this.writer, session, 'predicate-checks-failed', {
        ...session.statusData,
        scheduler,
      });
      this.log.info('private session cancelled by its predicates', { sessionId: session.id });
      return null;
    }
    this.log.debug('session failed its predicates', {
      sessionId: session.id,
      failed: failed.map((v) => v.name),
    });
    return pending(session, 'predicate-checks-failed', scheduler);
  }

  unplaced(
    session: SessionRecord,
    verdicts: PredicateVerdict[],
    failure: PlacementFailure,
    hostnames: string[],
    now: Date,
  ): PendingVerdict {
    const scheduler = this.attempt(session, now, {
      msg: failure.reason,
      ...verdictLists(verdicts),
      ...(session.kernels.length > 1 && hostnames.length ? { kernels: hostnames } : {}),
      ...(failure.missingSlots ? { missing_slots: failure.missingSlots } : {}),
      ...(failure.missingContainers !== undefined ? { missing_containers: failure.missingContainers } : {}),
    });
    this.log.debug('session does not fit yet', { sessionId: session.id, reason: failure.reason });
    return pending(session, 'no-available-instances', scheduler);
  }

  async expired(session: SessionRecord): Promise<void> {
    await cancelPendingSession(this.writer, session, 'pending-timeout');
    this.log.info('pending session timed out', { sessionId: session.id, createdAt: session.createdAt });
  }

  private attempt(
    session: SessionRecord,
    now: Date,
    fields: Record<string, unknown>,
  ): Record<string, unknown> {
    return { retries: previousRetries(session) + 1, last_try: now.toISOString(), ...fields };
  }
}

function pending(
  session: SessionRecord,
  statusInfo: string,
  scheduler: Record<string, unknown>,
): PendingVerdict {
  return { sessionId: session.id, statusInfo, statusData: { ...session.statusData, scheduler } };
}
