import type { AgentRecord, Database, KernelPlacement, Logger, SessionRecord } from '@tessera/core';
import type { OutcomeRecorder, PendingVerdict } from './outcome-recorder';
import type { OutcomeAnswer, SessionOutcome } from '@tessera/sokovan';

/** A committed placement, for the kernel launch after the pass. */
export interface Decision {
  session: SessionRecord;
  placements: KernelPlacement[];
  agents: AgentRecord[];
}

/** What one pass did, per session. */
export interface PassTally {
  scheduled: Array<{ sessionId: string; agentIds: string[] }>;
  unplaced: Array<{ sessionId: string; reason: string }>;
  held: string[];
  cancelled: Array<{ sessionId: string; reason: string }>;
  /** Another manager changed an agent under this pass: run again with fresh data. */
  rerun: boolean;
}

export interface PassWriterOptions {
  db: Database;
  recorder: OutcomeRecorder;
  log: Logger;
  resourceGroup: string;
  now: Date;
  /** The group's lock was lost: write nothing more. */
  lost: AbortSignal;
  agentOf(agentId: string): AgentRecord;
}

/**
 * Placements committed in one transaction at most (what piled up while the previous batch was
 * written). A batch costs about as much as a single placement (on PostgreSQL it is one statement),
 * so when the commits fall behind, larger batches let them catch up.
 */
const MAX_BATCH = 128;

interface Placed {
  session: SessionRecord;
  placements: KernelPlacement[];
  agentIds: string[];
}

/**
 * Writes a pass's outcomes as the planner produces them. Placements are committed in the
 * background while the planner goes on deciding (a commit waits on the database, a decision on
 * the processor), in the order they were decided: whatever was decided while one transaction was
 * being written goes into the next one. A batch that finds an agent changed is not written at all;
 * it stops the pass and asks for another. Sessions left waiting are recorded together at the end;
 * cancellations happen at once.
 */
export class PassWriter {
  readonly tally: PassTally = { scheduled: [], unplaced: [], held: [], cancelled: [], rerun: false };
  readonly decisions: Decision[] = [];
  private readonly verdicts: PendingVerdict[] = [];
  private readonly queue: Placed[] = [];
  private draining: Promise<void> | null = null;
  private failure: unknown = null;
  private stopped = false;

  constructor(private readonly options: PassWriterOptions) {}

  readonly onOutcome = async (outcome: SessionOutcome): Promise<OutcomeAnswer> => {
    const { recorder, now, lost } = this.options;
    if (this.stopped || lost.aborted) return 'stop';
    const { session } = outcome;
    switch (outcome.kind) {
      case 'expired':
        await recorder.expired(session);
        this.tally.cancelled.push({ sessionId: session.id, reason: 'pending-timeout' });
        return 'continue';
      case 'held':
        this.tally.held.push(session.id);
        return 'continue';
      case 'predicates-failed': {
        const verdict = await recorder.predicatesFailed(session, outcome.verdicts, now);
        const entry = { sessionId: session.id, reason: 'predicate-checks-failed' };
        if (verdict) {
          this.verdicts.push(verdict);
          this.tally.unplaced.push(entry);
        } else {
          this.tally.cancelled.push(entry); // a private (sftp) session
        }
        return 'continue';
      }
      case 'unplaced':
        this.verdicts.push(
          recorder.unplaced(session, outcome.verdicts, outcome.failure, outcome.hostnames, now),
        );
        this.tally.unplaced.push({ sessionId: session.id, reason: outcome.failure.reason });
        return 'continue';
      case 'placed':
        this.queue.push({ session, placements: outcome.placements, agentIds: outcome.agentIds });
        this.draining ??= this.drain();
        return 'continue';
    }
  };

  /** Waits for the commits under way; never throws (`finish` reports their failure). */
  async settle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Waits for the commits under way and records the sessions left waiting (unless the lock was lost). */
  async finish(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure;
    if (!this.options.lost.aborted) await this.options.db.sessions.recordPendingVerdicts(this.verdicts);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.stopped && !this.options.lost.aborted)
        await this.commit(this.queue.splice(0, MAX_BATCH));
    } catch (error) {
      this.failure = error;
      this.stopped = true;
    } finally {
      this.draining = null;
    }
  }

  private async commit(batch: Placed[]): Promise<void> {
    const { db, log, now, resourceGroup } = this.options;
    const result = await db.sessions.commitAllocations(
      batch.map(({ session, placements }) => ({ sessionId: session.id, placements })),
      now,
    );
    if (!result.ok) {
      log.info('allocations not committed', { ...result, batch: batch.length });
      this.tally.rerun = true;
      this.stopped = true;
      return;
    }
    result.outcomes.forEach((outcome, index) => {
      const { session, placements, agentIds } = batch[index]!;
      if (!outcome.ok) {
        log.info('allocation not committed', { sessionId: session.id, ...outcome });
        return;
      }
      this.decisions.push({ session, placements, agents: agentIds.map((id) => this.options.agentOf(id)) });
      this.tally.scheduled.push({ sessionId: session.id, agentIds });
      log.info('session scheduled', { sessionId: session.id, agentIds, resourceGroup });
    });
  }
}
