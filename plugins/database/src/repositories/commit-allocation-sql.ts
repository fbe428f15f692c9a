import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ResourceSlot,
  TesseraError,
  type AllocationOutcome,
  type BatchAllocationOutcome,
  type KernelPlacement,
} from '@tessera/core';
import { DatabaseErrors } from '../orm/database-errors';

/** The part of a `pg` client this file uses: named statements are parsed and planned once per connection. */
interface PgConnection {
  query<R>(query: {
    name?: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rows: R[]; rowCount: number | null }>;
}

interface AgentRow {
  id: string;
  status: string;
  schedulable: boolean;
  address: string;
  available_slots: Record<string, string>;
  occupied_slots: Record<string, string>;
}

/** Moves the session to SCHEDULED if it is still PENDING, and locks the target agents in id order. */
const MOVE_AND_LOCK = {
  name: 'tessera-commit-allocation-move',
  text: `with moved as (
           update sessions set status = 'SCHEDULED', status_info = 'scheduled', status_data = '{}',
             status_changed = $1, status_history = status_history || $2::jsonb, occupying_slots = $3::jsonb
           where id = $4 and status = 'PENDING'
           returning (select array_agg(k.id::text) from kernels k where k.session_id = $4) as kernels
         )
         select exists (select 1 from moved) as moved, (select kernels from moved) as kernels, a.*
         from (select 1) as one left join lateral (
           select id, status, schedulable, address, available_slots, occupied_slots from agents
           where id = any($5::text[]) order by id for update
         ) as a on true`,
};
/** Writes one agent's occupied slots and places the session's kernels on it. */
const OCCUPY_AND_PLACE = {
  name: 'tessera-commit-allocation-place',
  text: `with occupied as (update agents set occupied_slots = $1::jsonb where id = $2)
         update kernels set agent = $2, agent_address = $3, occupied_slots = placed.slots::jsonb,
           slots_released_at = null, status = 'SCHEDULED', status_info = 'scheduled', status_changed = $4,
           status_history = status_history || $5::jsonb
         from unnest($6::uuid[], $7::text[]) as placed(id, slots)
         where kernels.id = placed.id and kernels.session_id = $8`,
};

/**
 * `commitAllocations` on PostgreSQL: plain SQL on a connection of the ORM's pool, one transaction
 * for the batch, with the row locks and checks of the ORM version (which is several times slower:
 * a pass commits as fast as it decides, so this bounds its rate). The statements are named, so each
 * connection parses and plans them once; for a session on one agent there are two:
 * 1. the session moves to SCHEDULED only if it is still PENDING (taking its row lock), and the
 *    target agents are locked in id order (`FOR UPDATE`); they are checked here in exact decimals;
 * 2. per agent: its occupied slots are written and its kernels placed.
 * A session no longer PENDING is skipped; an agent without room rolls the whole batch back.
 */
export async function commitAllocationsSql(
  em: EntityManager,
  batch: ReadonlyArray<{ sessionId: string; placements: KernelPlacement[] }>,
  at: Date,
): Promise<BatchAllocationOutcome> {
  const client = em.getConnection().getKnex().client;
  let connection: PgConnection | undefined;
  try {
    connection = (await client.acquireConnection()) as PgConnection;
    await connection.query({ text: 'begin' });
    const outcomes: AllocationOutcome[] = [];
    for (const { sessionId, placements } of batch) {
      const outcome = await commitIn(connection, sessionId, placements, at);
      if (!outcome.ok && outcome.reason === 'agent-capacity-changed') {
        await connection.query({ text: 'rollback' });
        return {
          ok: false,
          reason: outcome.reason,
          sessionId,
          ...(outcome.agentId ? { agentId: outcome.agentId } : {}),
        };
      }
      outcomes.push(outcome);
    }
    await connection.query({ text: 'commit' });
    return { ok: true, outcomes };
  } catch (error) {
    await connection?.query({ text: 'rollback' }).catch(() => undefined);
    // Driver errors become MikroORM's (a lost connection: database-unavailable), as elsewhere.
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}

async function commitIn(
  connection: PgConnection,
  sessionId: string,
  placements: KernelPlacement[],
  at: Date,
): Promise<AllocationOutcome> {
  let occupying = new ResourceSlot();
  const demand = new Map<string, ResourceSlot>();
  for (const placement of placements) {
    const slots = ResourceSlot.fromJSON(placement.slots);
    occupying = occupying.add(slots);
    demand.set(placement.agentId, (demand.get(placement.agentId) ?? new ResourceSlot()).add(slots));
  }
  const history = JSON.stringify({ SCHEDULED: at.toISOString() });
  const ids = [...demand.keys()].sort();
  const { rows } = await connection.query<AgentRow & { moved: boolean; kernels: string[] | null }>({
    ...MOVE_AND_LOCK,
    values: [at, history, JSON.stringify(occupying.toJSON()), sessionId, ids],
  });
  if (!rows[0]?.moved) return { ok: false, reason: 'session-not-pending' };
  const kernels = new Set(rows[0].kernels ?? []);
  const placed = placements.map((p) => p.kernelId);
  const unknown = placed.filter((id) => !kernels.has(id));
  const unplaced = [...kernels].filter((id) => !placed.includes(id));
  const mismatch = () => DatabaseErrors.placementMismatch(sessionId, { unknown, unplaced, placed });
  if (unknown.length || unplaced.length || new Set(placed).size !== placed.length) throw mismatch();

  const byId = new Map(rows.filter((row) => row.id !== null).map((agent) => [agent.id, agent]));
  const occupied = new Map<string, Record<string, string>>();
  for (const id of ids) {
    const agent = byId.get(id);
    if (!agent || agent.status !== 'ALIVE' || !agent.schedulable)
      return { ok: false, reason: 'agent-capacity-changed', agentId: id };
    const total = ResourceSlot.fromJSON(agent.occupied_slots).add(demand.get(id)!);
    if (!total.fitsIn(ResourceSlot.fromJSON(agent.available_slots)))
      return { ok: false, reason: 'agent-capacity-changed', agentId: id };
    occupied.set(id, total.toJSON());
  }
  let written = 0;
  for (const id of ids) {
    const mine = placements.filter((p) => p.agentId === id);
    const result = await connection.query({
      ...OCCUPY_AND_PLACE,
      values: [
        JSON.stringify(occupied.get(id)),
        id,
        byId.get(id)!.address,
        at,
        history,
        mine.map((p) => p.kernelId),
        mine.map((p) => JSON.stringify(p.slots)),
        sessionId,
      ],
    });
    written += result.rowCount ?? 0;
  }
  if (written !== placements.length) throw mismatch();
  return { ok: true };
}
