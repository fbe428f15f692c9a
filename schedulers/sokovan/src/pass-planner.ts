import {
  TesseraError,
  type AgentSelector,
  type Scheduler,
  type SchedulingSnapshot,
  type SessionRecord,
} from '@tessera/core';
import { ClusterView, containerCounts } from './cluster-view';
import { OwnerUsage } from './owner-usage';
import type { PassInput } from './pass-input';
import { placeSession, type PlacementResult, type SelectorStateAccess } from './placement';
import { checkPredicates } from './predicates/builtin-predicates';
import type { PredicateVerdict } from './predicates/predicate';
import { priorityBands } from './priority-band';

export type PlannerStep =
  { kind: 'try'; session: SessionRecord } | { kind: 'held'; session: SessionRecord; reason: string };

export interface PlannerParts {
  input: PassInput;
  policy: Scheduler;
  selector: AgentSelector;
  selectorStates: SelectorStateAccess;
}

/**
 * The decisions of one pass over one resource group, free of I/O: which pending sessions have
 * waited past the group's pending timeout, then the sessions band by band (highest priority
 * first) in the order the policy picks them within a band. Each session is checked against the
 * predicates and placed on the view. When one cannot be placed for lack of resources, the lower
 * bands are held for the rest of the pass; its own band is still tried. The caller drives it
 * (`next`, `check`, `place`) and does the writing.
 */
export class PassPlanner {
  readonly view: ClusterView;
  readonly usage: OwnerUsage;
  readonly expired: SessionRecord[];
  private readonly bands: SessionRecord[][];
  private readonly existing: SessionRecord[];
  private readonly totalCapacity: Record<string, string>;
  private band: SessionRecord[] = [];
  private bandPriority = Infinity;
  private holder: SessionRecord | null = null;
  private policyState: unknown;
  /** The last shortage, for sessions asking exactly the same of an unchanged view. */
  private lastShortage: { key: string; version: number; result: PlacementResult } | null = null;

  constructor(private readonly parts: PlannerParts) {
    const { input, policy } = parts;
    const group = input.pending.filter((s) => s.resourceGroup === input.resourceGroup);
    const timeout = input.options.pendingTimeoutMs;
    const waitedTooLong = (s: SessionRecord) =>
      timeout > 0 && input.now.getTime() - s.createdAt.getTime() >= timeout;
    this.expired = group.filter(waitedTooLong);
    const live = group.filter((s) => !waitedTooLong(s));
    this.usage = new OwnerUsage(input.existing, input.pending);
    for (const session of this.expired) this.usage.withdraw(session);
    this.view = new ClusterView(input.agents, containerCounts(input.existing));
    this.existing = input.existing.filter((s) => s.resourceGroup === input.resourceGroup);
    this.totalCapacity = this.view.totalCapacity();
    this.bands = priorityBands(live);
    this.policyState = policy.beginPass?.(this.snapshot(live));
  }

  /** The next session to try, or to report as held; null when the pass is done. */
  next(): PlannerStep | null {
    while (this.band.length === 0) {
      const band = this.bands.shift();
      if (!band) return null;
      this.band = band;
      this.bandPriority = band[0]!.priority;
    }
    if (this.holder && this.holder.priority > this.bandPriority) {
      const session = this.band.shift()!;
      const reason = `not attempted: session ${this.holder.name} (${this.holder.id}) of priority ${this.holder.priority} is waiting for resources`;
      return { kind: 'held', session, reason };
    }
    const pick = this.parts.policy.pickSession(this.snapshot(this.band), this.policyState);
    if (pick.kind === 'none') {
      const session = this.band.shift()!;
      return { kind: 'held', session, reason: `the scheduler picked nothing: ${pick.reason}` };
    }
    const index = this.band.findIndex((s) => s.id === pick.sessionId);
    if (index === -1) {
      throw TesseraError.internal(
        `scheduler "${this.parts.policy.name}" picked ${pick.sessionId}, which is not pending`,
      );
    }
    return { kind: 'try', session: this.band.splice(index, 1)[0]! };
  }

  /** The built-in predicates' verdicts for the session, as the pass stands now. */
  check(session: SessionRecord): PredicateVerdict[] {
    const { input } = this.parts;
    return checkPredicates(session, {
      now: input.now,
      usage: this.usage,
      limits: input.limits,
      dependencies: input.dependencies,
      slotTypes: input.slotTypes,
    });
  }

  /**
   * Places the session. A placement is applied to the view, the owners' usage, the policy's
   * state and the selector states at once; a shortage holds the lower bands.
   */
  place(session: SessionRecord): PlacementResult {
    const { input, policy, selector, selectorStates } = this.parts;
    const key = shortageKey(session);
    const last = this.lastShortage;
    // A queue of identical requests against a full group: the answer cannot have changed.
    if (key !== null && last?.key === key && last.version === this.view.version) return last.result;
    const result = placeSession(session, this.view, selector, selectorStates, {
      resourceGroup: input.resourceGroup,
      maxContainerCount: input.options.maxContainerCount,
    });
    if (result.kind === 'placed') {
      this.usage.place(session);
      if (policy.onPlaced) this.policyState = policy.onPlaced(session, result.agentIds, this.policyState);
    } else if (result.failure.shortage) {
      this.holder ??= session;
      if (key !== null) this.lastShortage = { key, version: this.view.version, result };
    }
    return result;
  }

  /** The session leaves the queue unplaced (cancelled): later sessions no longer count it as pending. */
  withdraw(session: SessionRecord): void {
    this.usage.withdraw(session);
  }

  /**
   * What the policy sees. `pending` is handed over as is, not copied for every pick (n copies of up
   * to n sessions per pass): the policy reads it during the call and keeps nothing of it.
   */
  private snapshot(pending: readonly SessionRecord[]): SchedulingSnapshot {
    return {
      resourceGroup: this.parts.input.resourceGroup,
      pending,
      existing: this.existing,
      totalCapacity: this.totalCapacity,
      ...(this.parts.input.options.schedulerConfig
        ? { groupConfig: this.parts.input.options.schedulerConfig }
        : {}),
    };
  }
}

/**
 * What makes two sessions' placements interchangeable: a single-node session the scheduler
 * places freely, by architecture, kernel count and slots. Null for the others.
 */
function shortageKey(session: SessionRecord): string | null {
  if (session.clusterMode === 'multi-node' || session.designatedAgents?.length) return null;
  const kernel = session.kernels[0];
  if (!kernel || session.kernels.some((k) => k.architecture !== kernel.architecture)) return null;
  const slots = Object.entries(session.requestedSlots).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([kernel.architecture, session.kernels.length, slots]);
}
