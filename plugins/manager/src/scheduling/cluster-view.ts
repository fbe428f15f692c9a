import { ResourceSlot, type AgentCandidate, type AgentRecord } from '@tessera/core';

/**
 * The group's agents as one pass sees them: remaining capacity (available minus occupied),
 * reduced as the pass places sessions, so later picks in the same pass see earlier ones.
 */
export class ClusterView {
  private readonly remaining = new Map<string, ResourceSlot>();

  constructor(readonly agents: readonly AgentRecord[]) {
    for (const agent of agents) {
      this.remaining.set(
        agent.id,
        ResourceSlot.fromJSON(agent.availableSlots).subtract(ResourceSlot.fromJSON(agent.occupiedSlots)),
      );
    }
  }

  /** Every agent with its remaining capacity, in the order the database listed them. */
  candidates(): AgentCandidate[] {
    return this.agents.map((agent) => ({ agent, remaining: this.remainingOf(agent.id).toJSON() }));
  }

  remainingOf(agentId: string): ResourceSlot {
    return this.remaining.get(agentId) ?? new ResourceSlot();
  }

  reserve(agentId: string, slots: ResourceSlot): void {
    this.remaining.set(agentId, this.remainingOf(agentId).subtract(slots));
  }

  /** Sum of the capacity of the ALIVE, schedulable agents (what fairness policies divide). */
  totalCapacity(): Record<string, string> {
    return this.agents
      .filter((agent) => agent.status === 'ALIVE' && agent.schedulable)
      .reduce((sum, agent) => sum.add(ResourceSlot.fromJSON(agent.availableSlots)), new ResourceSlot())
      .toJSON();
  }
}
