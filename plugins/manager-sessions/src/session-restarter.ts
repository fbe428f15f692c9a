import { inject, injectable } from 'tsyringe';
import { AgentRpcDirectory, Logger, TesseraError, type SessionRecord } from '@tessera/core';
import { SessionErrors } from './session-errors';

/**
 * Restarts a running session in place (`PATCH /session/:id`, Backend.AI's restart_session): each
 * of its running kernels is restarted by its agent (`restartKernel`: the runner and whatever runs
 * in the kernel start again, /home/work stays), all at once, and the call returns when every
 * kernel is ready again. The session stays the same session and stays RUNNING throughout; runs in
 * progress end, and execute calls that arrive during the restart may be refused with
 * `kernel-not-running` (409). A kernel its agent cannot bring back is ended by the agent, which
 * reports it as for any kernel that fails.
 */
@injectable()
export class SessionRestarter {
  constructor(
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async restart(session: SessionRecord): Promise<void> {
    const kernels = session.kernels.filter((kernel) => kernel.status === 'RUNNING' && kernel.agentAddress);
    if (session.status !== 'RUNNING' || kernels.length === 0)
      throw SessionErrors.kernelNotRunning(session.name, session.status);
    this.log.info('session restarting', { sessionId: session.id, kernels: kernels.length });
    await Promise.all(
      kernels.map(async (kernel) => {
        try {
          await this.agents.connect(kernel.agentAddress!).restartKernel(kernel.id);
        } catch (error) {
          if (error instanceof TesseraError) throw error;
          throw SessionErrors.agentError(kernel.agentId, 'restart the kernel', error);
        }
      }),
    );
    this.log.info('session restarted', { sessionId: session.id });
  }
}
