import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  Database,
  KERNEL_TERMINAL_STATUSES,
  Logger,
  type KernelRecord,
  type KernelStatus,
} from '@tessera/core';
import { KernelLifecycleHandler } from './kernel-lifecycle-handler';

/**
 * The kernels the manager placed on one agent, and ending those the agent no longer has: each goes
 * through the kernel lifecycle as if the agent had reported its end (ERROR, or TERMINATED when it
 * was being terminated; slots back to the agent; the rest of its session ended).
 */
@injectable()
export class AgentKernels {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(KernelLifecycleHandler) private readonly lifecycle: KernelLifecycleHandler,
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(Logger) private readonly log: Logger,
  ) {}

  /**
   * Ends the kernels on `agentId` in one of `statuses` that `which` picks, with `reason`; answers
   * their ids. The statuses narrow the read (one indexed query); `which` decides.
   */
  async end(
    agentId: string,
    reason: string,
    statuses: readonly KernelStatus[],
    which: (kernel: KernelRecord) => boolean = () => true,
  ): Promise<string[]> {
    const picked = (await this.db.sessions.kernelsOn(agentId, statuses)).filter(which);
    for (const kernel of picked)
      await this.lifecycle.lost(
        { sessionId: kernel.sessionId, kernelId: kernel.id, status: kernel.status },
        reason,
      );
    return picked.map((kernel) => kernel.id);
  }

  /**
   * Has the agent destroy the kernels it still holds (`held`, from its `agent_started` or from the
   * heartbeat it sends on coming back after being LOST) that have ended for the manager: they would
   * otherwise run on unseen and unaccounted for. Answers their ids.
   */
  async destroyEnded(agentId: string, held: readonly string[], fallbackReason: string): Promise<string[]> {
    if (held.length === 0) return [];
    const listed = new Set(held);
    const orphans = (await this.db.sessions.kernelsOn(agentId, [...KERNEL_TERMINAL_STATUSES])).filter((k) =>
      listed.has(k.id),
    );
    const destroyed: string[] = [];
    for (const kernel of orphans) {
      if (!kernel.agentAddress) continue;
      try {
        await this.agents
          .connect(kernel.agentAddress)
          .destroyKernel(kernel.id, kernel.statusInfo ?? fallbackReason);
        destroyed.push(kernel.id);
        this.log.warn('destroyed a kernel the agent still held after its session had ended', {
          agentId,
          kernelId: kernel.id,
          status: kernel.status,
        });
      } catch (error) {
        this.log.warn('could not destroy an ended kernel the agent still holds', {
          agentId,
          kernelId: kernel.id,
          error: (error as Error).message,
        });
      }
    }
    return destroyed;
  }
}
