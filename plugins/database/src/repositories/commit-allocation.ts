import { LockMode, type EntityManager } from '@mikro-orm/core';
import { ResourceSlot, type AllocationOutcome, type KernelPlacement } from '@tessera/core';
import { AgentEntity, KernelEntity, SessionEntity, type AgentRow } from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import { withTransition } from '../records/status-history';

/** What one agent is asked to take on: the kernels placed on it and their summed slots. */
interface AgentDemand {
  agentId: string;
  slots: ResourceSlot;
}

function demandsByAgent(placements: KernelPlacement[]): AgentDemand[] {
  const sums = new Map<string, ResourceSlot>();
  for (const placement of placements) {
    const previous = sums.get(placement.agentId) ?? new ResourceSlot();
    sums.set(placement.agentId, previous.add(ResourceSlot.fromJSON(placement.slots)));
  }
  // Agents are locked in id order, so two managers committing overlapping sets never deadlock.
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agentId, slots]) => ({ agentId, slots }));
}

/**
 * The scheduler's commit, inside one transaction (the caller's `em`): re-read the session and
 * every target agent under a row lock, check that the session is still PENDING and that every
 * agent still has room, and only then write. A failed check returns a reason and writes
 * nothing. On SQLite the lock is a no-op and transactions are serialised by the single
 * connection; on PostgreSQL it is `SELECT ... FOR UPDATE`, so a second manager waits and then
 * sees the first one's occupied slots.
 */
export async function commitAllocation(
  em: EntityManager,
  sessionId: string,
  placements: KernelPlacement[],
  at: Date,
): Promise<AllocationOutcome> {
  const session = await em.findOne(
    SessionEntity,
    { id: sessionId },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!session || session.status !== 'PENDING') return { ok: false, reason: 'session-not-pending' };

  const kernels = await em.find(
    KernelEntity,
    { session: sessionId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
  );
  const kernelIds = new Set(kernels.map((k) => k.id));
  const placedIds = placements.map((p) => p.kernelId);
  const unknown = placedIds.filter((id) => !kernelIds.has(id));
  const unplaced = [...kernelIds].filter((id) => !placedIds.includes(id));
  if (unknown.length || unplaced.length || new Set(placedIds).size !== placedIds.length) {
    throw DatabaseErrors.placementMismatch(sessionId, { unknown, unplaced, placed: placedIds });
  }

  const agents = new Map<string, AgentRow>();
  const newOccupied = new Map<string, ResourceSlot>();
  for (const demand of demandsByAgent(placements)) {
    const agent = await em.findOne(
      AgentEntity,
      { id: demand.agentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!agent || agent.status !== 'ALIVE' || !agent.schedulable) {
      return { ok: false, reason: 'agent-capacity-changed', agentId: demand.agentId };
    }
    const occupied = ResourceSlot.fromJSON(agent.occupiedSlots).add(demand.slots);
    if (!occupied.fitsIn(ResourceSlot.fromJSON(agent.availableSlots))) {
      return { ok: false, reason: 'agent-capacity-changed', agentId: demand.agentId };
    }
    agents.set(agent.id, agent);
    newOccupied.set(agent.id, occupied);
  }

  // Every check passed: write.
  for (const [agentId, occupied] of newOccupied) agents.get(agentId)!.occupiedSlots = occupied.toJSON();
  let occupying = new ResourceSlot();
  for (const placement of placements) {
    const kernel = kernels.find((k) => k.id === placement.kernelId)!;
    const agent = agents.get(placement.agentId)!;
    const slots = ResourceSlot.fromJSON(placement.slots);
    occupying = occupying.add(slots);
    kernel.agent = agent;
    kernel.agentAddress = agent.address;
    kernel.occupiedSlots = slots.toJSON();
    kernel.slotsReleasedAt = null;
    kernel.status = 'SCHEDULED';
    kernel.statusInfo = 'scheduled';
    kernel.statusChanged = at;
    kernel.statusHistory = withTransition(kernel.statusHistory, 'SCHEDULED', at);
  }
  session.status = 'SCHEDULED';
  session.statusInfo = 'scheduled';
  session.statusData = {};
  session.statusChanged = at;
  session.statusHistory = withTransition(session.statusHistory, 'SCHEDULED', at);
  session.occupyingSlots = occupying.toJSON();
  return { ok: true };
}
