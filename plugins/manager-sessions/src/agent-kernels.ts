import { inject, injectable } from 'tsyringe';
import { Database, type KernelRecord } from '@tessera/core';
import { KernelLifecycleHandler } from './kernel-lifecycle-handler';
import { RESOURCE_OCCUPYING_SESSION_STATUSES } from './session-transitions';

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

  /** Ends the kernels on `agentId` that `which` picks, with `reason`; answers their ids. */
  async end(agentId: string, reason: string, which: (kernel: KernelRecord) => boolean): Promise<string[]> {
    const sessions = await this.db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]);
    const picked = sessions.flatMap((session) =>
      session.kernels
        .filter((kernel) => kernel.agentId === agentId && which(kernel))
        .map((kernel) => ({ sessionId: session.id, kernelId: kernel.id, status: kernel.status })),
    );
    for (const kernel of picked) await this.lifecycle.lost(kernel, reason);
    return picked.map((kernel) => kernel.kernelId);
  }
}
