import { ResourceSlot, type AgentCandidate } from '@tessera/core';
import { SlotFigures } from './slot-figures';

/** Which figures of a candidate a selector compares. */
export type Measure = 'remaining' | 'capacity';

/** A candidate's figures, prepared for ranking. */
export interface PreparedCandidate {
  /** What is still free on the agent after earlier placements in the pass. */
  readonly remaining: SlotFigures;
  /** The agent's total capacity (its `available_slots`), whatever is in use. */
  readonly capacity: SlotFigures;
  /** `capacity.devices`, kept here too: one object fewer to read per candidate and selection. */
  readonly devices: readonly string[];
}

interface Prepared extends PreparedCandidate {
  /** The objects the figures were read from, to notice a candidate whose fields were replaced. */
  readonly remainingJson: object;
  readonly capacityJson: object;
}

/**
 * Prepared figures by the JSON object they were read from, and by candidate. Candidates are
 * immutable (the loop hands over a new candidate with a new `remaining` object whenever an agent's
 * remaining slots change), so an agent whose figures did not change since the last selection is
 * not parsed again, and is found with one lookup: a selection reads every candidate, and with
 * thousands of agents these lookups are most of its time.
 */
const byJson = new WeakMap<object, SlotFigures>();
const byCandidate = new WeakMap<AgentCandidate, Prepared>();

function figuresOf(json: Record<string, string>): SlotFigures {
  let figures = byJson.get(json);
  if (!figures) {
    figures = new SlotFigures(ResourceSlot.fromJSON(json));
    byJson.set(json, figures);
  }
  return figures;
}

/** The candidate's remaining and capacity figures, parsed once per slot set. */
export function prepared(candidate: AgentCandidate): PreparedCandidate {
  const remainingJson = candidate.remaining;
  const capacityJson = candidate.agent.availableSlots;
  const known = byCandidate.get(candidate);
  if (known && known.remainingJson === remainingJson && known.capacityJson === capacityJson) return known;
  const capacity = figuresOf(capacityJson);
  const fresh: Prepared = {
    remaining: figuresOf(remainingJson),
    capacity,
    devices: capacity.devices,
    remainingJson,
    capacityJson,
  };
  byCandidate.set(candidate, fresh);
  return fresh;
}

/** What is still free on the agent after earlier placements in the pass. */
export function remainingOf(candidate: AgentCandidate): SlotFigures {
  return prepared(candidate).remaining;
}

/** The agent's total capacity (its `available_slots`), whatever is in use. */
export function capacityOf(candidate: AgentCandidate): SlotFigures {
  return prepared(candidate).capacity;
}
