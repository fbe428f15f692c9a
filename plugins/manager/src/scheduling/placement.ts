import {
  ResourceSlot,
  TesseraError,
  type AgentCandidate,
  type AgentSelector,
  type KernelPlacement,
  type SessionRecord,
} from '@tessera/core';

export type PlacementPlan =
  | { kind: 'placed'; agentId: string; placements: KernelPlacement[]; selectorState?: unknown }
  | { kind: 'no-fit'; reason: string };

/** The architecture a single-node session runs on: its main kernel's. */
export function sessionArchitecture(session: SessionRecord): string {
  return session.kernels[0]?.architecture ?? session.architecture;
}

/**
 * Places a single-node session (all kernels on one agent): keeps ALIVE, schedulable agents of
 * the session's architecture with enough remaining slots, then lets the selector choose. Pure:
 * the caller commits the result. "Does not fit" is a plan with a reason naming the short slots.
 * `selectorState` is the selector's state for the session's architecture; a placed plan carries
 * the selector's next state when it returned one.
 */
export function planSingleNode(
  session: SessionRecord,
  candidates: readonly AgentCandidate[],
  selector: AgentSelector,
  selectorState?: unknown,
): PlacementPlan {
  const architectures = new Set(session.kernels.map((kernel) => kernel.architecture));
  if (architectures.size > 1) {
    return {
      kind: 'no-fit',
      reason: `the kernels need different architectures (${[...architectures].join(', ')})`,
    };
  }
  const architecture = sessionArchitecture(session);
  const requested = session.kernels.reduce(
    (sum, kernel) => sum.add(ResourceSlot.fromJSON(kernel.requestedSlots)),
    new ResourceSlot(),
  );

  const alive = candidates.filter((c) => c.agent.status === 'ALIVE' && c.agent.schedulable);
  if (alive.length === 0)
    return { kind: 'no-fit', reason: `no schedulable agent in resource group "${session.resourceGroup}"` };
  const sameArchitecture = alive.filter((c) => c.agent.architecture === architecture);
  if (sameArchitecture.length === 0) {
    const present = [...new Set(alive.map((c) => c.agent.architecture))].sort().join(', ');
    return { kind: 'no-fit', reason: `no schedulable agent runs ${architecture} (agents run ${present})` };
  }
  const fitting = sameArchitecture.filter((c) => requested.fitsIn(ResourceSlot.fromJSON(c.remaining)));
  if (fitting.length === 0) return { kind: 'no-fit', reason: describeShortage(requested, sameArchitecture) };

  const mainKernel = session.kernels[0]!;
  const result = selector.select(
    { kernelId: mainKernel.id, architecture, slots: withZeroSlots(requested, fitting) },
    fitting,
    selectorState,
  );
  if (result.kind === 'none') return { kind: 'no-fit', reason: result.reason };
  if (!fitting.some((c) => c.agent.id === result.agentId)) {
    throw TesseraError.internal(
      `agent selector "${selector.name}" chose ${result.agentId}, which is not among the candidates`,
    );
  }
  return {
    kind: 'placed',
    agentId: result.agentId,
    ...(result.state !== undefined ? { selectorState: result.state } : {}),
    placements: session.kernels.map((kernel) => ({
      kernelId: kernel.id,
      agentId: result.agentId,
      slots: kernel.requestedSlots,
    })),
  };
}

/**
 * The request with an explicit zero for every slot the candidates have and it does not ask for,
 * so selectors can tell which capabilities a kernel would leave idle (as Backend.AI normalises
 * requests at enqueue).
 */
function withZeroSlots(
  requested: ResourceSlot,
  candidates: readonly AgentCandidate[],
): Record<string, string> {
  const slots = requested.toJSON();
  for (const candidate of candidates) {
    for (const slot of Object.keys(candidate.agent.availableSlots)) slots[slot] ??= '0';
  }
  return slots;
}

/** Which slots were short: those no agent has enough of, or else that no agent has all at once. */
export function describeShortage(requested: ResourceSlot, candidates: readonly AgentCandidate[]): string {
  const short: string[] = [];
  for (const slot of requested.keys()) {
    const mostFree = candidates
      .map((c) => ResourceSlot.fromJSON(c.remaining).get(slot))
      .reduce((a, b) => (b.gt(a) ? b : a));
    if (requested.get(slot).gt(mostFree)) {
      short.push(
        `${slot} (requested ${requested.get(slot).toFixed()}, at most ${mostFree.toFixed()} free on one agent)`,
      );
    }
  }
  if (short.length > 0) return `not enough resources: ${short.join(', ')}`;
  const wanted = Object.entries(requested.toJSON())
    .map(([slot, amount]) => `${slot}=${amount}`)
    .join(', ');
  return `no single agent has ${wanted} free at once`;
}
