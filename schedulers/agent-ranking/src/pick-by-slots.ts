import {
  ResourceSlot,
  slotPriorityOrder,
  type AgentCandidate,
  type KernelRequest,
  type SelectResult,
} from '@tessera/core';
import { idleAcceleratorDevices } from './accelerator-types';
import { capacityOf } from './measures';

/** `least` packs kernels (smallest figures first); `most` spreads them (largest first). */
export type SlotPreference = 'least' | 'most';

export interface SlotRanking {
  /** The figures compared for a candidate: its remaining slots, or its total capacity. */
  measure(candidate: AgentCandidate): ResourceSlot;
  prefer: SlotPreference;
  /** Slot (or device) order in which figures are compared. */
  slotPriority: readonly string[];
}

interface Ranked {
  agentId: string;
  figures: ResourceSlot;
  unutilized: number;
}

/**
 * The pick of a slot-comparing selector (concentrated, dispersed, legacy): fewest unutilized
 * accelerator types first (device types the agent has, counted on its capacity, that the request
 * does not use), then the figures of the requested slots in priority order as
 * `prefer` says, an agent lacking a slot sorting last on that slot; ties go to the first
 * candidate in input order.
 */
export function pickBySlots(
  request: KernelRequest,
  candidates: readonly AgentCandidate[],
  ranking: SlotRanking,
): SelectResult {
  const requested = ResourceSlot.fromJSON(request.slots);
  const order = slotPriorityOrder(requested.keys(), ranking.slotPriority);
  let best: Ranked | undefined;
  for (const candidate of candidates) {
    const figures = ranking.measure(candidate);
    const ranked: Ranked = {
      agentId: candidate.agent.id,
      figures,
      // Devices the agent has, busy or not: a CPU-only kernel on a GPU node can keep the node's
      // GPUs from the sessions that need them (its cpu and mem run out first).
      unutilized: idleAcceleratorDevices(requested, capacityOf(candidate)).length,
    };
    if (!best || compare(ranked, best, order, ranking.prefer) < 0) best = ranked;
  }
  if (!best) return { kind: 'none', reason: 'no candidate agents to choose from' };
  return { kind: 'selected', agentId: best.agentId };
}

/** Negative when `a` ranks before `b`. */
function compare(a: Ranked, b: Ranked, order: readonly string[], prefer: SlotPreference): number {
  if (a.unutilized !== b.unutilized) return a.unutilized - b.unutilized;
  for (const slot of order) {
    const result = compareFigure(a.figures, b.figures, slot, prefer);
    if (result !== 0) return result;
  }
  return 0;
}

function compareFigure(a: ResourceSlot, b: ResourceSlot, slot: string, prefer: SlotPreference): number {
  const hasA = a.has(slot);
  const hasB = b.has(slot);
  if (!hasA || !hasB) return hasA === hasB ? 0 : hasA ? -1 : 1;
  const ascending = a.get(slot).cmp(b.get(slot));
  return prefer === 'least' ? ascending : -ascending;
}
