import type { AgentCandidate, AgentSelector, KernelRequest, SelectResult } from '@tessera/core';
import { pickBySlots } from '@tessera/agent-ranking';

export interface DispersedOptions {
  /** Slot (or device) order in which remaining capacity is compared. */
  slotPriority: readonly string[];
}

/**
 * Backend.AI's `dispersed` strategy: spreads kernels to the agent with the most remaining
 * capacity, so kernels contend less for shared host resources. Agents leaving fewer accelerator
 * types idle come first, then the most remaining slot by slot in priority order; an agent lacking
 * a requested slot sorts last on it. Ties go to the first candidate in input order.
 */
export class DispersedSelector implements AgentSelector {
  readonly name = 'dispersed';

  constructor(private readonly options: DispersedOptions) {}

  select(request: KernelRequest, candidates: readonly AgentCandidate[]): SelectResult {
    return pickBySlots(request, candidates, {
      measure: 'remaining',
      prefer: 'most',
      slotPriority: this.options.slotPriority,
    });
  }
}
