import { inject, injectable } from 'tsyringe';
import { Database, Logger, type EventPayloads, type KernelStatus } from '@tessera/core';
import { KernelLifecycleHandler } from './kernel-lifecycle-handler';
import { RESOURCE_OCCUPYING_SESSION_STATUSES } from './session-transitions';

/**
 * Statuses in which the agent has accepted a kernel. SCHEDULED is left out: its creation may be on
 * its way to the restarted agent right now, and a failed launch is the launcher's to end.
 */
const ON_AGENT: ReadonlySet<KernelStatus> = new Set([
  'PREPARING',
  'BUILDING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RESIZING',
  'SUSPENDED',
  'TERMINATING',
]);

/** Why such a kernel ended (its `status_info`). */
export const AGENT_RESTARTED = 'agent-restarted';

/**
 * Reconciles the kernels the manager believes are on an agent with those the agent really has when
 * it starts (`agent_started`). A kernel placed there before the agent process started, which the
 * agent did not find again, is gone: it ends (ERROR, or TERMINATED when it was being terminated)
 * with reason `agent-restarted`, its slots return to the agent and its session ends. Without this,
 * a session whose agent was killed stays RUNNING with nothing behind it and holds its slots
 * forever. Kernels whose status changed after the agent started are the new process's own.
 */
@injectable()
export class AgentRestartReconciler {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(KernelLifecycleHandler) private readonly kernels: KernelLifecycleHandler,
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
    const sessions = await this.db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]);
    const lost = sessions.flatMap((session) =>
      session.kernels
        .filter(
          (kernel) =>
            kernel.agentId === event.agentId &&
            ON_AGENT.has(kernel.status) &&
            kernel.statusChanged < startedAt &&
            !found.has(kernel.id),
        )
        .map((kernel) => ({ sessionId: session.id, kernelId: kernel.id, status: kernel.status })),
    );
    if (lost.length === 0) return;
    this.log.warn('agent restarted without kernels placed on it; ending them', {
      agentId: event.agentId,
      kernels: lost.map((k) => k.kernelId),
    });
    for (const kernel of lost) await this.kernels.lost(kernel, AGENT_RESTARTED);
  }
}
