import {
  ResourceSlot,
  slotPriorityOrder,
  type AgentCandidate,
  type KernelRequest,
  type SelectResult,
} from '@tessera/core';
import { acceleratorDevicesOf, countIdleDevices } from './accelerator-types';
import { prepared, type Measure } from './measures';
import type { SlotFigures } from './slot-figures';

/** `least` packs kernels (smallest figures first); `most` spreads them (largest first). */
export type SlotPreference = 'least' | 'most';

export interface SlotRanking {
  /** The figures compared for a candidate: its remaining slots, or its total capacity. */
  measure: Measure;
  prefer: SlotPreference;
  /** Slot (or device) order in which figures are compared. */
  slotPriority: readonly string[];
}

/**
 * The pick of a slot-comparing selector (concentrated, dispersed, legacy): fewest unutilized
 * accelerator types first (device types the agent has, counted on its capacity, that the request
 * does not use), then the figures of the requested slots in priority order as
 * `prefer` says, an agent lacking a slot sorting last on that slot; ties go to the first
 * candidate in input order.
 *
 * One scan keeping the best so far, which a candidate replaces only when it ranks strictly
 * before it (so ties stay with the earlier one). Called for every decision over every agent the
 * filters kept, hence no allocation per candidate and figures prepared once per slot set.
 */
export function pickBySlots(
  request: KernelRequest,
  candidates: readonly AgentCandidate[],
  ranking: SlotRanking,
): SelectResult {
  const requested = ResourceSlot.fromJSON(request.slots);
  const order = slotPriorityOrder(requested.keys(), ranking.slotPriority);
  const used = acceleratorDevicesOf(requested);
  const direction = ranking.prefer === 'least' ? 1 : -1;
  let best: AgentCandidate | undefined;
  let bestFigures: SlotFigures | undefined;
  let bestUnutilized = Infinity;
  for (const candidate of candidates) {
    // Devices the agent has, busy or not: a CPU-only kernel on a GPU node can keep the node's
    // GPUs from the sessions that need them (its cpu and mem run out first).
    const figures = prepared(candidate);
    const unutilized = countIdleDevices(used, figures.devices);
    if (unutilized > bestUnutilized) continue;
    const measured = figures[ranking.measure];
    if (unutilized < bestUnutilized || compareFigures(measured, bestFigures!, order, direction) < 0) {
      best = candidate;
      bestFigures = measured;
      bestUnutilized = unutilized;
    }
  }
  if (!best) return { kind: 'none', reason: 'no candidate agents to choose from' };
  return { kind: 'selected', agentId: best.agent.id };
}

/** Negative when `a` ranks before `b` on the figures; `direction` is -1 when larger ranks first. */
function compareFigures(a: SlotFigures, b: SlotFigures, order: readonly string[], direction: number): number {
  for (const slot of order) {
    const ascending = a.compareSlot(b, slot);
    if (ascending === undefined) {
      // An agent lacking the slot sorts last on it, whichever way figures are preferred.
      const hasA = a.has(slot);
      if (hasA !== b.has(slot)) return hasA ? -1 : 1;
    } else if (ascending !== 0) {
      return ascending * direction;
    }
  }
  return 0;
}
