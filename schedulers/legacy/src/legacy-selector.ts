import type { AgentCandidate, AgentSelector, KernelRequest, SelectResult } from '@tessera/core';
import { pickBySlots } from '@tessera/agent-ranking';

export interface LegacyOptions {
  /** Slot (or device) order in which total capacity is compared. */
  slotPriority: readonly string[];
}

/**
 * Backend.AI's `legacy` strategy: the agent with the most total capacity, whatever is in use
 * (the candidates already have room for the kernel). Agents with fewer accelerator types the
 * kernel would not use come first, then the largest capacity slot by slot in priority order; an
 * agent lacking a requested slot sorts last on it. Ties go to the first candidate in input order.
 */
export class LegacySelector implements AgentSelector {
  readonly name = 'legacy';

  constructor(private readonly options: LegacyOptions) {}

  select(request: KernelRequest, candidates: readonly AgentCandidate[]): SelectResult {
    return pickBySlots(request, candidates, {
      measure: 'capacity',
      prefer: 'most',
      slotPriority: this.options.slotPriority,
    });
  }
}
