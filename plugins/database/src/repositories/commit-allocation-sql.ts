import type { EntityManager } from '@mikro-orm/postgresql';
import { TesseraError, type BatchAllocationOutcome, type KernelPlacement } from '@tessera/core';
import { DatabaseErrors } from '../orm/database-errors';
import { COMMIT_ALLOCATIONS, type CommitAllocationsRow } from './commit-allocation-statement';
import { runPgStatement } from './pg-statement';

type Batch = ReadonlyArray<{ sessionId: string; placements: KernelPlacement[] }>;

/**
 * `commitAllocations` on PostgreSQL: the whole batch in one statement on a connection of the ORM's
 * pool, with the row locks and checks of the ORM version done by the server under those locks
 * (`COMMIT_ALLOCATIONS`). One statement is one transaction and one round trip: a pass commits
 * while it goes on deciding, and each round trip waits for the planner to let I/O through, so
 * their number, not the server's work, bounds how fast a pass commits. A session no longer
 * PENDING is skipped; an agent without room for one of them writes nothing of the batch.
 */
export async function commitAllocationsSql(
  em: EntityManager,
  batch: Batch,
  at: Date,
): Promise<BatchAllocationOutcome> {
  const [row] = await runPgStatement<CommitAllocationsRow>(
    em,
    COMMIT_ALLOCATIONS,
    statementValues(batch, at),
  );
  return outcomeOf(row!, batch);
}

function statementValues(batch: Batch, at: Date): unknown[] {
  const positions: number[] = [];
  const kernels: string[] = [];
  const agents: string[] = [];
  const slots: string[] = [];
  batch.forEach(({ placements }, index) => {
    for (const placement of placements) {
      positions.push(index + 1);
      kernels.push(placement.kernelId);
      agents.push(placement.agentId);
      slots.push(JSON.stringify(placement.slots));
    }
  });
  const history = JSON.stringify({ SCHEDULED: at.toISOString() });
  return [at, history, batch.map((entry) => entry.sessionId), positions, kernels, agents, slots];
}

function outcomeOf(row: CommitAllocationsRow, batch: Batch): BatchAllocationOutcome {
  const mismatch = row.mismatch_at;
  const refused = row.refused_at;
  // As if the batch were committed session by session: the first failure in batch order decides.
  if (mismatch !== null && (refused === null || mismatch <= refused)) {
    throw placementMismatch(batch[mismatch - 1]!, row.mismatch_kernels ?? []);
  }
  if (refused !== null) {
    const { sessionId } = batch[refused - 1]!;
    const agentId = row.refused_agent;
    return { ok: false, reason: 'agent-capacity-changed', sessionId, ...(agentId ? { agentId } : {}) };
  }
  const moved = new Set(row.moved);
  return {
    ok: true,
    outcomes: batch.map(({ sessionId }) =>
      moved.has(sessionId) ? { ok: true } : { ok: false, reason: 'session-not-pending' },
    ),
  };
}

function placementMismatch(
  entry: { sessionId: string; placements: KernelPlacement[] },
  kernelIds: readonly string[],
): TesseraError {
  const kernels = new Set(kernelIds);
  const placed = entry.placements.map((p) => p.kernelId);
  return DatabaseErrors.placementMismatch(entry.sessionId, {
    unknown: placed.filter((id) => !kernels.has(id)),
    unplaced: kernelIds.filter((id) => !placed.includes(id)),
    placed,
  });
}
