import type { ResourceSlot } from '@tessera/core';
import type { AgentSlots, ClusterView } from './cluster-view';
import type { Requirement } from './requirement';

/**
 * The loop's agent filters, in order. The first three exclude agents that could never host the
 * requirement as it stands; the last two depend on what is in use right now.
 */
export type AgentFilterName =
  'status' | 'architecture' | 'designated-agent' | 'container-limit' | 'resources';

/** Filters whose rejection is about what is in use now (a shortage), not about the agent itself. */
export const STATEFUL_FILTERS: ReadonlySet<AgentFilterName> = new Set(['container-limit', 'resources']);

/** Why one agent cannot take a requirement. */
export interface AgentRejection {
  agentId: string;
  filter: AgentFilterName;
  detail: string;
  /** For `resources`: what is short, per slot (decimal strings). */
  missing?: Record<string, string>;
}

export interface FilterOutcome {
  /** Agents that passed every filter, in the view's order. */
  kept: AgentSlots[];
  rejections: AgentRejection[];
}

export interface FilterOptions {
  resourceGroup: string;
  maxContainerCount: number | null;
}

/** Runs the filters over every agent of the view for one requirement. Pure. */
export function filterAgents(
  requirement: Requirement,
  view: ClusterView,
  options: FilterOptions,
): FilterOutcome {
  const kept: AgentSlots[] = [];
  const rejections: AgentRejection[] = [];
  for (const agent of view.agentSlots()) {
    const rejection = rejectionOf(agent, requirement, options);
    if (rejection) rejections.push(rejection);
    else kept.push(agent);
  }
  return { kept, rejections };
}

function rejectionOf(
  slots: AgentSlots,
  requirement: Requirement,
  options: FilterOptions,
): AgentRejection | null {
  const { agent, containers } = slots;
  const agentId = agent.id;
  if (agent.status !== 'ALIVE' || !agent.schedulable) {
    const state = agent.status !== 'ALIVE' ? agent.status : 'not schedulable';
    return { agentId, filter: 'status', detail: `the agent is ${state}` };
  }
  if (agent.architecture !== requirement.architecture) {
    return {
      agentId,
      filter: 'architecture',
      detail: `runs ${agent.architecture}, the session needs ${requirement.architecture}`,
    };
  }
  if (requirement.designatedAgent !== null && requirement.designatedAgent !== agentId) {
    return {
      agentId,
      filter: 'designated-agent',
      detail: `the session is assigned to ${requirement.designatedAgent}`,
    };
  }
  const limit = options.maxContainerCount;
  if (limit !== null && containers + requirement.containers > limit) {
    return {
      agentId,
      filter: 'container-limit',
      detail: `hosts ${containers} of at most ${limit} containers, the session needs ${requirement.containers} more`,
    };
  }
  if (!slots.fits(requirement.slots, requirement.approximate))
    return new ShortOfResources(agentId, requirement.slots, slots.remaining);
  return null;
}

/**
 * A `resources` rejection. What is missing is worked out only when asked for (an explanation, a
 * failure message): a full group rejects most agents for most sessions, and nobody reads those.
 */
class ShortOfResources implements AgentRejection {
  readonly filter = 'resources';
  private shortfall: Record<string, string> | undefined;

  constructor(
    readonly agentId: string,
    private readonly requested: ResourceSlot,
    private readonly remaining: ResourceSlot,
  ) {}

  get missing(): Record<string, string> {
    this.shortfall ??= this.requested.shortfall(this.remaining);
    return this.shortfall;
  }

  get detail(): string {
    return Object.entries(this.missing)
      .map(([slot, amount]) => `${slot} short by ${amount}`)
      .join(', ');
  }
}
