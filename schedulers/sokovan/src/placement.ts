import { TesseraError, type AgentSelector, type KernelPlacement, type SessionRecord } from '@tessera/core';
import { filterAgents, type AgentRejection, type FilterOptions, type FilterOutcome } from './agent-filters';
import type { ClusterView } from './cluster-view';
import { describeFailure, type PlacementFailure } from './placement-failure';
import { requirementsOf, type Requirement } from './requirement';

/** The selector's state per architecture for the pass (see `SelectorStates`). */
export interface SelectorStateAccess {
  get(architecture: string): unknown;
  set(architecture: string, state: unknown): void;
}

export type PlacementResult =
  | { kind: 'placed'; placements: KernelPlacement[]; agentIds: string[] }
  | {
      kind: 'failed';
      failure: PlacementFailure;
      /** The kernels whose requirement failed (all of a single-node session). */
      hostnames: string[];
      rejections: AgentRejection[];
    };

/**
 * Places a session on the view: a single-node session as one requirement (all kernels on one
 * agent, their summed slots), a multi-node session kernel by kernel, each seeing what the earlier
 * ones took. All or nothing: when a kernel does not fit, what the earlier ones took is given back.
 * On success the view and the selector states already include the placement. Pure apart from
 * those two.
 */
export function placeSession(
  session: SessionRecord,
  view: ClusterView,
  selector: AgentSelector,
  states: SelectorStateAccess,
  options: FilterOptions,
  /** Sees each requirement's filter outcome before the selector runs (explanations). */
  observe?: (requirement: Requirement, outcome: FilterOutcome) => void,
): PlacementResult {
  const architectures = new Set(session.kernels.map((kernel) => kernel.architecture));
  if (session.clusterMode !== 'multi-node' && architectures.size > 1) {
    const reason = `the kernels need different architectures (${[...architectures].sort().join(', ')})`;
    return { kind: 'failed', failure: { reason, shortage: false }, hostnames: [], rejections: [] };
  }
  const taken: Array<{ requirement: Requirement; agentId: string }> = [];
  const nextStates = new Map<string, unknown>();
  const giveBack = () => {
    for (const { requirement, agentId } of taken)
      view.unreserve(agentId, requirement.slots, requirement.containers);
  };
  for (const requirement of requirementsOf(session)) {
    const filtered = filterAgents(requirement, view, options);
    observe?.(requirement, filtered);
    const { kept, rejections } = filtered;
    const failed = (failure: PlacementFailure): PlacementResult => {
      giveBack();
      return { kind: 'failed', failure, hostnames: requirement.hostnames, rejections };
    };
    if (kept.length === 0) return failed(describeFailure(requirement, rejections, view, options));

    const { architecture } = requirement;
    const candidates = kept.map((agent) => agent.candidate());
    const state = nextStates.has(architecture) ? nextStates.get(architecture) : states.get(architecture);
    const request = {
      kernelId: requirement.kernelIds[0]!,
      architecture,
      slots: withZeroSlots(requirement, view),
    };
    const result = selector.select(request, candidates, state);
    if (result.kind === 'none') return failed({ reason: result.reason, shortage: false });
    if (!candidates.some((candidate) => candidate.agent.id === result.agentId)) {
      giveBack();
      throw TesseraError.internal(
        `agent selector "${selector.name}" chose ${result.agentId}, which is not among the candidates`,
      );
    }
    if (result.state !== undefined) nextStates.set(architecture, result.state);
    view.reserve(result.agentId, requirement.slots, requirement.containers);
    taken.push({ requirement, agentId: result.agentId });
  }
  for (const [architecture, state] of nextStates) states.set(architecture, state);

  const agentOf = new Map<string, string>();
  for (const { requirement, agentId } of taken)
    for (const id of requirement.kernelIds) agentOf.set(id, agentId);
  return {
    kind: 'placed',
    placements: session.kernels.map((kernel) => ({
      kernelId: kernel.id,
      agentId: agentOf.get(kernel.id)!,
      slots: kernel.requestedSlots,
    })),
    agentIds: [...new Set(taken.map((t) => t.agentId))],
  };
}

/**
 * The request with an explicit zero for every slot the group's agents have and it does not ask for,
 * so selectors can tell which capabilities a kernel would leave idle (as Backend.AI normalises
 * requests at enqueue).
 */
function withZeroSlots(requirement: Requirement, view: ClusterView): Record<string, string> {
  const slots = requirement.slots.toJSON();
  for (const slot of view.slotNames) slots[slot] ??= '0';
  return slots;
}
