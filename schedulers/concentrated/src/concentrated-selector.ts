import type { AgentCandidate, AgentSelector, KernelRequest, SelectResult } from '@tessera/core';
import { pickBySlots } from '@tessera/agent-ranking';

export interface ConcentratedOptions {
  /** Slot (or device) order in which remaining capacity is compared. */
  slotPriority: readonly string[];
}

/**
 * Backend.AI's `concentrated` strategy: packs kernels onto the agent with the least remaining
 * capacity, so whole agents stay free for large sessions. Agents leaving fewer accelerator types
 * idle come first, then the least remaining slot by slot in priority order; an agent lacking a
 * requested slot counts as unlimited on it. Ties go to the first candidate in input order.
 */
export class ConcentratedSelector implements AgentSelector {
  readonly name = 'concentrated';

  constructor(private readonly options: ConcentratedOptions) {}

  select(request: KernelRequest, candidates: readonly AgentCandidate[]): SelectResult {
    return pickBySlots(request, candidates, {
      measure: 'remaining',
      prefer: 'least',
      slotPriority: this.options.slotPriority,
    });
  }
}
