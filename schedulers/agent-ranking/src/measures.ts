import { ResourceSlot, type AgentCandidate } from '@tessera/core';

/**
 * Parsed slot sets by the JSON object they were read from. Candidates are immutable (the loop
 * hands over a new `remaining` object whenever an agent's remaining slots change), so an agent
 * whose figures did not change since the last selection is not parsed again.
 */
const parsed = new WeakMap<object, ResourceSlot>();

function parseOnce(json: Record<string, string>): ResourceSlot {
  let slots = parsed.get(json);
  if (!slots) {
    slots = ResourceSlot.fromJSON(json);
    parsed.set(json, slots);
  }
  return slots;
}

/** What is still free on the agent after earlier placements in the pass. */
export function remainingOf(candidate: AgentCandidate): ResourceSlot {
  return parseOnce(candidate.remaining);
}

/** The agent's total capacity (its `available_slots`), whatever is in use. */
export function capacityOf(candidate: AgentCandidate): ResourceSlot {
  return parseOnce(candidate.agent.availableSlots);
}
