import type { AgentSelector, Scheduler, SessionRecord } from '@tessera/core';
import type { AgentFilterName } from './agent-filters';
import { ClusterView, containerCounts } from './cluster-view';
import { OwnerUsage } from './owner-usage';
import type { PassInput } from './pass-input';
import { placeSession, type SelectorStateAccess } from './placement';
import { checkPredicates } from './predicates/builtin-predicates';
import type { PredicateVerdict } from './predicates/predicate';

export interface AgentVerdict {
  agentId: string;
  passed: boolean;
  filter?: AgentFilterName;
  detail?: string;
  missing?: Record<string, string>;
  remaining: Record<string, string>;
}

export interface RequirementExplanation {
  kernels: string[];
  architecture: string;
  slots: Record<string, string>;
  designatedAgent: string | null;
  agents: AgentVerdict[];
}

/** Why a PENDING session is still pending, as `GET /session/:id/scheduling` answers. */
export interface SchedulingExplanation {
  sessionId: string;
  sessionName: string;
  status: string;
  statusInfo: string | null;
  pending: true;
  resourceGroup: string;
  priority: number;
  scheduler: string;
  agentSelector: string;
  queue: { higherPriorityPending: number; olderInBand: number };
  pendingTimeout: { seconds: number; cancelsAt: string } | null;
  predicates: PredicateVerdict[];
  placement:
    | { result: 'placeable'; agentIds: string[] }
    | {
        result: 'unplaceable';
        reason: string;
        shortage: boolean;
        missingSlots?: Record<string, string>;
        missingContainers?: number;
      };
  requirements: RequirementExplanation[];
  /** What the last pass recorded (`status_data.scheduler`). */
  lastAttempt: unknown;
}

/** The answer for a session that is not (or no longer) pending. */
export interface NotPendingExplanation {
  sessionId: string;
  sessionName: string;
  status: string;
  statusInfo: string | null;
  pending: false;
  scheduledAt: string | null;
  agentIds: string[];
}

/** Where a session that is not pending went: when it was scheduled and the agents hosting its kernels. */
export function explainNotPending(session: SessionRecord): NotPendingExplanation {
  return {
    sessionId: session.id,
    sessionName: session.name,
    status: session.status,
    statusInfo: session.statusInfo,
    pending: false,
    scheduledAt: session.statusHistory['SCHEDULED'] ?? null,
    agentIds: [...new Set(session.kernels.map((k) => k.agentId).filter((id): id is string => id !== null))],
  };
}

/**
 * Evaluates one pending session against its group as it stands now, on its own: every
 * predicate's verdict and, per requirement, every agent with the filter that rejected it and
 * what was missing, then whether the selector would find it an agent. Other sessions ahead in the
 * queue are counted, not simulated. Pure; nothing is reserved or written.
 */
export function explainPendingSession(
  input: PassInput,
  session: SessionRecord,
  policy: Scheduler,
  selector: AgentSelector,
  selectorStates: SelectorStateAccess,
  hookVerdict: PredicateVerdict | null = null,
): SchedulingExplanation {
  const usage = new OwnerUsage(input.existing, input.pending);
  const predicates = checkPredicates(session, {
    now: input.now,
    usage,
    limits: input.limits,
    dependencies: input.dependencies,
    slotTypes: input.slotTypes,
  });
  if (hookVerdict) predicates.push(hookVerdict);
  const view = new ClusterView(input.agents, containerCounts(input.existing));
  const requirements: RequirementExplanation[] = [];
  const placement = placeSession(
    session,
    view,
    selector,
    selectorStates,
    { resourceGroup: input.resourceGroup, maxContainerCount: input.options.maxContainerCount },
    (requirement, outcome) => {
      const rejected = new Map(outcome.rejections.map((r) => [r.agentId, r]));
      requirements.push({
        kernels: requirement.hostnames,
        architecture: requirement.architecture,
        slots: requirement.slots.toJSON(),
        designatedAgent: requirement.designatedAgent,
        agents: input.agents.map((agent) => {
          const rejection = rejected.get(agent.id);
          const remaining = view.remainingOf(agent.id).toJSON();
          if (!rejection) return { agentId: agent.id, passed: true, remaining };
          const { filter, detail, missing } = rejection;
          return {
            agentId: agent.id,
            passed: false,
            filter,
            detail,
            ...(missing ? { missing } : {}),
            remaining,
          };
        }),
      });
    },
  );
  const group = input.pending.filter((s) => s.resourceGroup === session.resourceGroup && s.id !== session.id);
  const timeout = input.options.pendingTimeoutMs;
  return {
    sessionId: session.id,
    sessionName: session.name,
    status: session.status,
    statusInfo: session.statusInfo,
    pending: true,
    resourceGroup: session.resourceGroup,
    priority: session.priority,
    scheduler: policy.name,
    agentSelector: selector.name,
    queue: {
      higherPriorityPending: group.filter((s) => s.priority > session.priority).length,
      olderInBand: group.filter((s) => s.priority === session.priority && s.createdAt < session.createdAt)
        .length,
    },
    pendingTimeout:
      timeout > 0
        ? {
            seconds: timeout / 1000,
            cancelsAt: new Date(session.createdAt.getTime() + timeout).toISOString(),
          }
        : null,
    predicates,
    placement:
      placement.kind === 'placed'
        ? { result: 'placeable', agentIds: placement.agentIds }
        : { result: 'unplaceable', ...placement.failure },
    requirements,
    lastAttempt: session.statusData['scheduler'] ?? null,
  };
}
