import { inject, injectable } from 'tsyringe';
import { KERNEL_ON_AGENT_STATUSES, Logger, type EventPayloads } from '@tessera/core';
import { AgentKernels } from './agent-kernels';

/** Why such a kernel ended (its `status_info`). */
export const AGENT_RESTARTED = 'agent-restarted';

/**
 * Reconciles the kernels the manager believes are on an agent with those the agent really has when
 * it starts (`agent_started`). A kernel placed there before the agent process started, which the
 * agent did not find again, is gone: it ends (ERROR, or TERMINATED when it was being terminated)
 * with reason `agent-restarted`, its slots return to the agent and its session ends. Without this,
 * a session whose agent was killed stays RUNNING with nothing behind it and holds its slots
 * forever. Kernels whose status changed after the agent started are the new process's own, and
 * SCHEDULED ones may be on their way to it.
 *
 * The other way round, a kernel the agent found again that has ended for the manager (the agent
 * was LOST long enough for its sessions to end, then came back with its containers) is destroyed
 * on the agent, so it does not run on unseen and unaccounted for.
 */
@injectable()
export class AgentRestartReconciler {
  constructor(
    @inject(AgentKernels) private readonly kernels: AgentKernels,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async agentStarted(event: EventPayloads['agent_started']): Promise<void> {
    if (event.startedAt === undefined || event.kernels === undefined) return;
    const startedAt = new Date(event.startedAt);
    if (Number.isNaN(startedAt.getTime())) {
      this.log.warn('agent_started with an unreadable startedAt ignored', { agentId: event.agentId });
      return;
    }
    const found = new Set(event.kernels);
    const ended = await this.kernels.end(
      event.agentId,
      AGENT_RESTARTED,
      [...KERNEL_ON_AGENT_STATUSES],
      (kernel) => kernel.statusChanged < startedAt && !found.has(kernel.id),
    );
    if (ended.length > 0)
      this.log.warn('agent restarted without kernels placed on it; ended them', {
        agentId: event.agentId,
        kernels: ended,
      });
    await this.kernels.destroyEnded(event.agentId, event.kernels, AGENT_RESTARTED);
  }
}
