import { inject, injectable } from 'tsyringe';
import { Database, type KernelRecord, type KernelStatus } from '@tessera/core';
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
}
