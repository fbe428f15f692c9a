import type { AgentRecord, Database, KernelPlacement, Logger, SessionRecord } from '@tessera/core';
import type { OutcomeRecorder, PendingVerdict } from './outcome-recorder';
import type { OutcomeAnswer, SessionOutcome } from './pass-outcome';

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
 * Writes a pass's outcomes as the planner produces them. Placements are committed one after
 * another in the background while the planner goes on deciding (a commit waits on the database,
 * a decision on the processor), in the order they were decided; a commit that finds an agent
 * changed stops the pass and asks for another. Sessions left waiting are recorded together at
 * the end; cancellations happen at once.
 */
export class PassWriter {
  readonly tally: PassTally = { scheduled: [], unplaced: [], held: [], cancelled: [], rerun: false };
  readonly decisions: Decision[] = [];
  private readonly verdicts: PendingVerdict[] = [];
  private commits: Promise<void> = Promise.resolve();
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
        if (verdict) this.verdicts.push(verdict);
        else this.tally.cancelled.push({ sessionId: session.id, reason: 'predicate-checks-failed' });
        if (verdict) this.tally.unplaced.push({ sessionId: session.id, reason: 'predicate-checks-failed' });
        return 'continue';
      }
      case 'unplaced':
        this.verdicts.push(
          recorder.unplaced(session, outcome.verdicts, outcome.failure, outcome.hostnames, now),
        );
        this.tally.unplaced.push({ sessionId: session.id, reason: outcome.failure.reason });
        return 'continue';
      case 'placed':
        this.commits = this.commits.then(() => this.commit(session, outcome.placements, outcome.agentIds));
        return 'continue';
    }
  };

  /** Waits for the commits under way and records the sessions left waiting (unless the lock was lost). */
  async finish(): Promise<void> {
    await this.commits;
    if (!this.options.lost.aborted) await this.options.db.sessions.recordPendingVerdicts(this.verdicts);
  }

  private async commit(
    session: SessionRecord,
    placements: KernelPlacement[],
    agentIds: string[],
  ): Promise<void> {
    const { db, log, now, lost, resourceGroup } = this.options;
    if (this.stopped || lost.aborted) return;
    const committed = await db.sessions.commitAllocation(session.id, placements, now);
    if (!committed.ok) {
      log.info('allocation not committed', { sessionId: session.id, ...committed });
      if (committed.reason === 'agent-capacity-changed') {
        this.tally.rerun = true;
        this.stopped = true;
      }
      return;
    }
    this.decisions.push({ session, placements, agents: agentIds.map((id) => this.options.agentOf(id)) });
    this.tally.scheduled.push({ sessionId: session.id, agentIds });
    log.info('session scheduled', { sessionId: session.id, agentIds, resourceGroup });
  }
}
