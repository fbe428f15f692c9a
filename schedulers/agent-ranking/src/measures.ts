import { ResourceSlot, type AgentCandidate } from '@tessera/core';

/** What is still free on the agent after earlier placements in the pass. */
export function remainingOf(candidate: AgentCandidate): ResourceSlot {
  return ResourceSlot.fromJSON(candidate.remaining);
}

/** The agent's total capacity (its `available_slots`), whatever is in use. */
export function capacityOf(candidate: AgentCandidate): ResourceSlot {
  return ResourceSlot.fromJSON(candidate.agent.availableSlots);
}
