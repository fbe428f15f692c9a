import {
  KERNEL_ON_AGENT_STATUSES,
  ResourceSlot,
  TesseraError,
  type AgentCandidate,
  type AgentRecord,
  type SessionRecord,
} from '@tessera/core';

/** One agent as the pass sees it; the filters read it (`ClusterView.agentSlots`), only the view writes it. */
export interface AgentSlots {
  readonly agent: AgentRecord;
  readonly capacity: ResourceSlot;
  readonly remaining: ResourceSlot;
  readonly containers: number;
  /** Whether `slots` fit in what is left; exact (see `ClusterView.fits`). */
  fits(slots: ResourceSlot, approximate: ReadonlyMap<string, number>): boolean;
  /** The agent as handed to selectors: the same object until its remaining slots change. */
  candidate(): AgentCandidate;
}

interface AgentState extends AgentSlots {
  readonly agent: AgentRecord;
  readonly capacity: ResourceSlot;
  readonly approximateCapacity: Map<string, number>;
  remaining: ResourceSlot;
  /** `remaining` as floating-point numbers, for the filters' fast path (see `fits`). */
  approximate: Map<string, number>;
  containers: number;
  /** What `candidate()` hands out, dropped whenever the agent's remaining slots change. */
  builtCandidate: AgentCandidate | null;
}

/** Kernel statuses in which a kernel occupies a container on its agent (or is on its way to one). */
const CONTAINER_HOLDING: ReadonlySet<string> = new Set(['SCHEDULED', ...KERNEL_ON_AGENT_STATUSES]);

/** Kernels per agent among sessions that hold resources (the container-count limit reads it). */
export function containerCounts(existing: readonly SessionRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const session of existing) {
    for (const kernel of session.kernels) {
      if (kernel.agentId && CONTAINER_HOLDING.has(kernel.status))
        counts.set(kernel.agentId, (counts.get(kernel.agentId) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The group's agents as one pass sees them: remaining capacity (available minus occupied) and
 * container counts, reduced as the pass places sessions, so later picks in the same pass see
 * earlier ones. A multi-node placement that fails gives back what it tentatively took.
 */
export class ClusterView {
  private readonly states = new Map<string, AgentState>();
  /** `states` in the view's order: every decision scans all of them, and an array is the cheapest to walk. */
  private readonly ordered: readonly AgentState[];
  private changes = 0;
  /** Every slot any agent of the view has. */
  readonly slotNames: ReadonlySet<string>;

  constructor(
    readonly agents: readonly AgentRecord[],
    containers: ReadonlyMap<string, number> = new Map(),
  ) {
    const names = new Set<string>();
    for (const agent of agents) {
      const capacity = ResourceSlot.fromJSON(agent.availableSlots);
      const remaining = capacity.subtract(ResourceSlot.fromJSON(agent.occupiedSlots));
      for (const slot of capacity.keys()) names.add(slot);
      const state: AgentState = {
        agent,
        capacity,
        approximateCapacity: approximately(capacity),
        remaining,
        approximate: approximately(remaining),
        containers: containers.get(agent.id) ?? 0,
        builtCandidate: null,
        fits(slots, approximate) {
          return fitsWithin(slots, approximate, this.remaining, this.approximate);
        },
        candidate() {
          this.builtCandidate ??= { agent: this.agent, remaining: this.remaining.toJSON() };
          return this.builtCandidate;
        },
      };
      this.states.set(agent.id, state);
    }
    this.ordered = [...this.states.values()];
    this.slotNames = names;
  }

  /** Grows with every reservation or give-back: equal versions mean the same remaining capacity. */
  get version(): number {
    return this.changes;
  }

  /** Every agent's state, in the order the view was given them. */
  agentSlots(): readonly AgentSlots[] {
    return this.ordered;
  }

  /**
   * Whether `slots` fit in what the agent has left. Decided on floating-point numbers when they
   * are clearly apart, and on the exact decimals when they are close (fractional shares, equal
   * amounts), so the answer is always the exact one.
   */
  fits(agentId: string, slots: ResourceSlot, approximate: ReadonlyMap<string, number>): boolean {
    return this.state(agentId).fits(slots, approximate);
  }

  /** Whether `slots` would fit in the agent if it were empty (its capacity); exact, as `fits`. */
  fitsCapacity(agentId: string, slots: ResourceSlot, approximate: ReadonlyMap<string, number>): boolean {
    const state = this.state(agentId);
    return fitsWithin(slots, approximate, state.capacity, state.approximateCapacity);
  }

  /** The agent's remaining amount of one slot as a floating-point number (to rank agents quickly). */
  approximateRemaining(agentId: string, slot: string): number {
    return this.states.get(agentId)?.approximate.get(slot) ?? 0;
  }

  agentOf(agentId: string): AgentRecord {
    return this.state(agentId).agent;
  }

  candidateOf(agentId: string): AgentCandidate {
    return this.state(agentId).candidate();
  }

  remainingOf(agentId: string): ResourceSlot {
    return this.states.get(agentId)?.remaining ?? new ResourceSlot();
  }

  capacityOf(agentId: string): ResourceSlot {
    return this.states.get(agentId)?.capacity ?? new ResourceSlot();
  }

  containersOf(agentId: string): number {
    return this.states.get(agentId)?.containers ?? 0;
  }

  reserve(agentId: string, slots: ResourceSlot, containers = 1): void {
    const state = this.state(agentId);
    state.remaining = state.remaining.subtract(slots);
    state.approximate = approximately(state.remaining);
    state.containers += containers;
    state.builtCandidate = null;
    this.changes++;
  }

  /** Undoes a `reserve` (a multi-node placement whose later kernel did not fit). */
  unreserve(agentId: string, slots: ResourceSlot, containers = 1): void {
    const state = this.state(agentId);
    state.remaining = state.remaining.add(slots);
    state.approximate = approximately(state.remaining);
    state.containers -= containers;
    state.builtCandidate = null;
    this.changes++;
  }

  /** Sum of the capacity of the ALIVE, schedulable agents (what fairness policies divide). */
  totalCapacity(): Record<string, string> {
    let total = new ResourceSlot();
    for (const state of this.states.values()) {
      if (state.agent.status === 'ALIVE' && state.agent.schedulable) total = total.add(state.capacity);
    }
    return total.toJSON();
  }

  private state(agentId: string): AgentState {
    const state = this.states.get(agentId);
    if (!state) throw TesseraError.internal(`agent ${agentId} is not in the scheduling view`);
    return state;
  }
}

/** A slot set as floating-point numbers (Infinity stays Infinity). */
export function approximately(slots: ResourceSlot): Map<string, number> {
  return new Map(slots.keys().map((slot) => [slot, slots.get(slot).toNumber()]));
}

function fitsWithin(
  slots: ResourceSlot,
  approximate: ReadonlyMap<string, number>,
  left: ResourceSlot,
  approximateLeft: ReadonlyMap<string, number>,
): boolean {
  for (const [slot, wanted] of approximate) {
    const have = approximateLeft.get(slot) ?? 0;
    const margin = 1e-9 * Math.max(Math.abs(wanted), Math.abs(have), 1);
    if (wanted > have + margin) return false;
    if (wanted >= have - margin && slots.get(slot).gt(left.get(slot))) return false;
  }
  return true;
}
