import type { NotPendingExplanation, SchedulingExplanation } from '@tessera/sokovan';
import {
  type SchedulingPlacement,
  SessionScheduling,
  type SchedulingAgentVerdict,
  type SchedulingRequirement,
} from './session-scheduling-type';

/** The explainer's answer (the REST route's JSON) as the GraphQL `SessionScheduling`. */
export function toSessionScheduling(
  explanation: SchedulingExplanation | NotPendingExplanation,
): SessionScheduling {
  const common = {
    sessionId: explanation.sessionId,
    sessionName: explanation.sessionName,
    status: explanation.status,
    statusInfo: explanation.statusInfo,
  };
  if (!explanation.pending) {
    return Object.assign(new SessionScheduling(), {
      ...common,
      ...NOTHING_PENDING,
      pending: false,
      scheduledAt: explanation.scheduledAt,
      agentIds: explanation.agentIds,
    } satisfies SessionScheduling);
  }
  return Object.assign(new SessionScheduling(), {
    ...common,
    pending: true,
    scheduledAt: null,
    agentIds: null,
    resourceGroup: explanation.resourceGroup,
    priority: explanation.priority,
    scheduler: explanation.scheduler,
    agentSelector: explanation.agentSelector,
    queue: { ...explanation.queue },
    pendingTimeout: explanation.pendingTimeout ? { ...explanation.pendingTimeout } : null,
    predicates: explanation.predicates.map((p) => ({
      name: p.name,
      passed: p.passed,
      message: p.message ?? null,
    })),
    placement: placementOf(explanation.placement),
    requirements: explanation.requirements.map((requirement): SchedulingRequirement => ({
      kernels: requirement.kernels,
      architecture: requirement.architecture,
      slots: requirement.slots,
      designatedAgent: requirement.designatedAgent,
      agents: requirement.agents.map((agent): SchedulingAgentVerdict => ({
        agentId: agent.agentId,
        passed: agent.passed,
        filter: agent.filter ?? null,
        detail: agent.detail ?? null,
        missing: agent.missing ?? null,
        remaining: agent.remaining,
      })),
    })),
    lastAttempt: explanation.lastAttempt,
  } satisfies SessionScheduling);
}

/** The pending-only fields of a session that is not pending. */
const NOTHING_PENDING = {
  resourceGroup: null,
  priority: null,
  scheduler: null,
  agentSelector: null,
  queue: null,
  pendingTimeout: null,
  predicates: null,
  placement: null,
  requirements: null,
  lastAttempt: null,
} as const;

function placementOf(placement: SchedulingExplanation['placement']): SchedulingPlacement {
  if (placement.result === 'placeable') {
    return {
      result: 'placeable',
      agentIds: placement.agentIds,
      reason: null,
      shortage: null,
      missingSlots: null,
      missingContainers: null,
    };
  }
  return {
    result: 'unplaceable',
    agentIds: null,
    reason: placement.reason,
    shortage: placement.shortage,
    missingSlots: placement.missingSlots ?? null,
    missingContainers: placement.missingContainers ?? null,
  };
}
