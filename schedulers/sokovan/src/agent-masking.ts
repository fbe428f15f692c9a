import type { NotPendingExplanation, SchedulingExplanation } from './scheduling-explanation';

/**
 * The explanation with agent ids replaced by `hidden-1`, `hidden-2`, ... (numbered in the order
 * the agents first appear), for viewers who may not see agent ids (Backend.AI's `hide-agents`,
 * on by default). What each agent lacked and which filter rejected it stay: a user still learns
 * that no agent has room, not which machines the cluster has.
 */
export function maskAgentIds(
  explanation: SchedulingExplanation | NotPendingExplanation,
): SchedulingExplanation | NotPendingExplanation {
  const labels = new Map<string, string>();
  const mask = (agentId: string): string => {
    let label = labels.get(agentId);
    if (!label) {
      label = `hidden-${labels.size + 1}`;
      labels.set(agentId, label);
    }
    return label;
  };
  if (!explanation.pending) return { ...explanation, agentIds: explanation.agentIds.map(mask) };
  const requirements = explanation.requirements.map((requirement) => ({
    ...requirement,
    designatedAgent: requirement.designatedAgent === null ? null : mask(requirement.designatedAgent),
    agents: requirement.agents.map((agent) => ({
      ...agent,
      agentId: mask(agent.agentId),
      ...(agent.detail !== undefined ? { detail: maskIn(agent.detail, labels) } : {}),
    })),
  }));
  const placement =
    explanation.placement.result === 'placeable'
      ? { ...explanation.placement, agentIds: explanation.placement.agentIds.map(mask) }
      : { ...explanation.placement, reason: maskIn(explanation.placement.reason, labels) };
  return { ...explanation, requirements, placement };
}

/** Agent ids named inside a message (a designated agent, ...) replaced by their labels. */
function maskIn(text: string, labels: ReadonlyMap<string, string>): string {
  let masked = text;
  for (const [agentId, label] of labels) masked = masked.split(agentId).join(label);
  return masked;
}
