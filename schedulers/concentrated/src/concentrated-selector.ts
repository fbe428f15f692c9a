import {
  ResourceSlot,
  type AgentCandidate,
  type AgentSelector,
  type KernelRequest,
  type SelectResult,
} from '@tessera/core';
import { orderSlotsByPriority } from './slot-order';

export interface ConcentratedOptions {
  /** Slot (or device prefix) order for comparing remaining capacity. */
  slotPriority: readonly string[];
}

interface Ranked {
  candidate: AgentCandidate;
  unutilized: number;
  remaining: ResourceSlot;
}

/**
 * Backend.AI's `concentrated` strategy: pack kernels onto the agent with the least remaining
 * capacity. Agents are compared first by how many capabilities the request would leave idle
 * (slots requested as zero that the agent still has free), then by remaining capacity slot by
 * slot in priority order (accelerators, then cpu, then mem). A slot the agent does not have counts
 * as unlimited. Ties go to the first candidate in input order.
 */
export class ConcentratedSelector implements AgentSelector {
  readonly name = 'concentrated';

  constructor(private readonly options: ConcentratedOptions) {}

  select(request: KernelRequest, candidates: readonly AgentCandidate[]): SelectResult {
    const requested = ResourceSlot.fromJSON(request.slots);
    const order = orderSlotsByPriority(requested.keys(), this.options.slotPriority);
    let best: Ranked | undefined;
    for (const candidate of candidates) {
      const remaining = ResourceSlot.fromJSON(candidate.remaining);
      const ranked: Ranked = { candidate, remaining, unutilized: countUnutilized(requested, remaining) };
      if (!best || compare(ranked, best, order) < 0) best = ranked;
    }
    if (!best) return { kind: 'none', reason: 'no candidate agents to choose from' };
    return { kind: 'selected', agentId: best.candidate.agent.id };
  }
}

/** Slots requested as zero that the agent still has free: capabilities the kernel would leave idle. */
function countUnutilized(requested: ResourceSlot, remaining: ResourceSlot): number {
  return requested.keys().filter((slot) => requested.get(slot).isZero() && remaining.get(slot).gt(0)).length;
}

function compare(a: Ranked, b: Ranked, order: readonly string[]): number {
  if (a.unutilized !== b.unutilized) return a.unutilized - b.unutilized;
  for (const slot of order) {
    const result = compareRemaining(a.remaining, b.remaining, slot);
    if (result !== 0) return result;
  }
  return 0;
}

/** A slot the agent does not report counts as unlimited, so such agents sort last. */
function compareRemaining(a: ResourceSlot, b: ResourceSlot, slot: string): number {
  const hasA = a.has(slot);
  const hasB = b.has(slot);
  if (!hasA || !hasB) return hasA === hasB ? 0 : hasA ? -1 : 1;
  return a.get(slot).cmp(b.get(slot));
}
