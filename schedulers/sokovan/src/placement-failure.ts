import { ResourceSlot, exact } from '@tessera/core';

type Decimal = ReturnType<ResourceSlot['get']>;
import { STATEFUL_FILTERS, type AgentRejection, type FilterOptions } from './agent-filters';
import type { ClusterView } from './cluster-view';
import type { Requirement } from './requirement';

/** Why a requirement could not be placed, for `status_data.scheduler` and the pass's banding. */
export interface PlacementFailure {
  reason: string;
  /**
   * The group ran short (slots or containers) of what some agent could host when free: lower
   * priority bands wait for the rest of the pass. False for failures waiting cannot cure by
   * itself (architecture, a designated agent that is gone, nothing large enough).
   */
  shortage: boolean;
  /** Slots short on the agent that came closest (decimal strings). */
  missingSlots?: Record<string, string>;
  /** Containers over the limit on the agent that came closest. */
  missingContainers?: number;
}

/** Explains a requirement every agent rejected. Pure. */
export function describeFailure(
  requirement: Requirement,
  rejections: readonly AgentRejection[],
  view: ClusterView,
  options: FilterOptions,
): PlacementFailure {
  if (rejections.length === 0)
    return { reason: `no schedulable agent in resource group "${options.resourceGroup}"`, shortage: false };
  const stateful = rejections.filter((r) => STATEFUL_FILTERS.has(r.filter));
  if (stateful.length === 0) return exclusionFailure(requirement, rejections, view, options);

  const couldHost = stateful.filter((r) => couldEverHost(r.agentId, requirement, view, options));
  if (couldHost.length === 0) return tooLarge(requirement, stateful, view, options);

  const failure: PlacementFailure = { reason: '', shortage: true };
  const parts: string[] = [];
  const short = couldHost.filter((r) => r.filter === 'resources');
  if (short.length > 0) {
    parts.push(describeShortage(requirement.slots, short, view));
    failure.missingSlots = closest(short, requirement, view).missing ?? {};
  }
  const full = couldHost.filter((r) => r.filter === 'container-limit');
  if (full.length > 0) {
    const limit = options.maxContainerCount ?? 0;
    failure.missingContainers = Math.min(
      ...full.map((r) => view.containersOf(r.agentId) + requirement.containers - limit),
    );
    parts.push(
      full.length === couldHost.length
        ? `every agent that could host it is at its container limit (${limit} containers)`
        : `${full.length} agent(s) at the container limit (${limit} containers)`,
    );
  }
  failure.reason = parts.join('; ');
  return failure;
}

function exclusionFailure(
  requirement: Requirement,
  rejections: readonly AgentRejection[],
  view: ClusterView,
  options: FilterOptions,
): PlacementFailure {
  const group = options.resourceGroup;
  const alive = rejections.filter((r) => r.filter !== 'status');
  if (alive.length === 0)
    return { reason: `no schedulable agent in resource group "${group}"`, shortage: false };
  const designated = requirement.designatedAgent;
  if (designated !== null) {
    const own = rejections.find((r) => r.agentId === designated);
    const why = !own
      ? `is not an ALIVE, schedulable agent of resource group "${group}"`
      : own.filter === 'architecture'
        ? `runs ${view.agentOf(designated).architecture}, not ${requirement.architecture}`
        : `is ${own.detail.replace(/^the agent is /, '')}`;
    return { reason: `the designated agent ${designated} ${why}`, shortage: false };
  }
  const present = [...new Set(alive.map((r) => view.agentOf(r.agentId).architecture))].sort().join(', ');
  return {
    reason: `no schedulable agent runs ${requirement.architecture} (agents run ${present})`,
    shortage: false,
  };
}

/** Whether the agent could take the requirement if it were empty. */
function couldEverHost(
  agentId: string,
  requirement: Requirement,
  view: ClusterView,
  options: FilterOptions,
): boolean {
  const limit = options.maxContainerCount;
  if (limit !== null && requirement.containers > limit) return false;
  return view.fitsCapacity(agentId, requirement.slots, requirement.approximate);
}

/**
 * The rejected agent that came closest to fitting: the fewest short slots, then the smallest
 * shortfall relative to the request (summed over slots, so cores and bytes compare), ranked on
 * floating-point figures; the first one on ties.
 */
function closest(
  rejections: readonly AgentRejection[],
  requirement: Requirement,
  view: ClusterView,
): AgentRejection {
  let best: { rejection: AgentRejection; short: number; share: number } | undefined;
  for (const rejection of rejections) {
    let short = 0;
    let share = 0;
    for (const [slot, wanted] of requirement.approximate) {
      const missing = wanted - view.approximateRemaining(rejection.agentId, slot);
      if (missing > 0) {
        short++;
        share += missing / wanted;
      }
    }
    if (!best || short < best.short || (short === best.short && share < best.share))
      best = { rejection, short, share };
  }
  return best!.rejection;
}

function tooLarge(
  requirement: Requirement,
  rejections: readonly AgentRejection[],
  view: ClusterView,
  options: FilterOptions,
): PlacementFailure {
  const limit = options.maxContainerCount;
  if (limit !== null && requirement.containers > limit) {
    return {
      reason: `the session needs ${requirement.containers} containers on one agent, more than the limit of ${limit}`,
      shortage: false,
      missingContainers: requirement.containers - limit,
    };
  }
  const short: string[] = [];
  for (const slot of requirement.slots.keys().sort()) {
    const largest = rejections
      .map((r) => view.capacityOf(r.agentId).get(slot))
      .reduce((a, b) => (b.gt(a) ? b : a));
    if (requirement.slots.get(slot).gt(largest))
      short.push(
        `${slot} (requested ${requirement.slots.get(slot).toFixed()}, the largest agent has ${largest.toFixed()})`,
      );
  }
  const wanted = Object.entries(requirement.slots.toJSON())
    .map(([slot, amount]) => `${slot}=${amount}`)
    .join(', ');
  return {
    reason: short.length
      ? `no agent is large enough: ${short.join(', ')}`
      : `no agent is large enough: none has ${wanted} in total`,
    shortage: false,
    missingSlots: closestMissingOf(
      rejections.map((r) => requirement.slots.shortfall(view.capacityOf(r.agentId))),
      requirement.slots,
    ),
  };
}

/**
 * Which slots were short: those no agent has enough of (with the most any one agent has free),
 * or else that no agent has all of them free at once.
 */
export function describeShortage(
  requested: ResourceSlot,
  rejections: readonly AgentRejection[],
  view: ClusterView,
): string {
  const short: string[] = [];
  for (const slot of requested.keys().sort()) {
    const mostFree = mostFreeOf(slot, rejections, view);
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

/** The most of `slot` any of the agents has left: found on floats, then settled exactly among the nearly largest. */
function mostFreeOf(slot: string, rejections: readonly AgentRejection[], view: ClusterView): Decimal {
  const largest = Math.max(...rejections.map((r) => view.approximateRemaining(r.agentId, slot)));
  const margin = 1e-9 * Math.max(Math.abs(largest), 1);
  // `===` first: with an unlimited (Infinity) agent the margin is Infinity too, and the subtraction NaN.
  const nearlyLargest = (value: number) => value === largest || value >= largest - margin;
  return rejections
    .filter((r) => nearlyLargest(view.approximateRemaining(r.agentId, slot)))
    .map((r) => view.remainingOf(r.agentId).get(slot))
    .reduce((a, b) => (b.gt(a) ? b : a), exact(0));
}

/**
 * The shortfall of the agent that came closest: the fewest short slots, then the smallest
 * shortfall relative to the request (summed over slots, so cores and bytes compare); the first
 * one on ties.
 */
function closestMissingOf(
  shortfalls: ReadonlyArray<Record<string, string>>,
  requested: ResourceSlot,
): Record<string, string> {
  const relative = (missing: Record<string, string>) =>
    Object.entries(missing).reduce(
      (sum, [slot, amount]) => sum.add(exact(amount).div(requested.get(slot))),
      exact(0),
    );
  let best:
    { missing: Record<string, string>; count: number; share: ReturnType<typeof relative> } | undefined;
  for (const missing of shortfalls) {
    const count = Object.keys(missing).length;
    const share = relative(missing);
    if (!best || count < best.count || (count === best.count && share.lt(best.share)))
      best = { missing, count, share };
  }
  return best?.missing ?? {};
}
