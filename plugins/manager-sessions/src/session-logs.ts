import { inject, injectable } from 'tsyringe';
import { AgentRpcDirectory, KERNEL_ON_AGENT_STATUSES, TesseraError, type SessionRecord } from '@tessera/core';
import { SessionErrors } from './session-errors';
import { mainKernel } from './session-lookup';

/**
 * A kernel's console log (Backend.AI's get_logs): read from the agent that holds the kernel, the
 * main kernel unless another is named. Logs are not stored: once a kernel has ended (or before it
 * reached an agent) there is nothing to read, and the answer says so (409 kernel-not-running).
 */
@injectable()
export class KernelLogReader {
  constructor(@inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory) {}

  async logs(session: SessionRecord, kernelId: string | null): Promise<string> {
    const kernel =
      kernelId === null
        ? mainKernel(session)
        : session.kernels.find((candidate) => candidate.id === kernelId);
    if (!kernel) throw SessionErrors.kernelNotInSession(session.name, kernelId ?? '(main)');
    if (!kernel.agentAddress || !KERNEL_ON_AGENT_STATUSES.has(kernel.status))
      throw SessionErrors.logsUnavailable(session.name, kernel.id, kernel.status);
    try {
      return await this.agents.connect(kernel.agentAddress).kernelLogs(kernel.id);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, 'read the kernel logs', error);
    }
  }
}
