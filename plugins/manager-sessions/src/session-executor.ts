import { randomBytes } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  TesseraError,
  type ExecuteRequest,
  type ExecutionResult,
  type KernelRecord,
  type SessionRecord,
} from '@tessera/core';
import { SessionErrors } from './session-errors';
import { mainKernel } from './session-lookup';

export interface ExecuteCall {
  mode: ExecuteRequest['mode'];
  /** Null on a run's first call: the manager generates one and returns it. */
  runId: string | null;
  code: string;
  options: ExecuteRequest['options'];
}

/** Forwards execute calls (api-spec §3.2, §4) to the agent hosting the session's main kernel. */
@injectable()
export class SessionExecutor {
  constructor(@inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory) {}

  async execute(session: SessionRecord, call: ExecuteCall): Promise<ExecutionResult> {
    // A `continue` may come after the kernel ended under its run (an exec-timeout, an OOM kill): the
    // agent keeps the run's last result for it, so the call goes through while the agent is known
    // and the agent answers the result, or kernel-not-running.
    const kernel = call.mode === 'continue' ? endingMainKernel(session) : runningMainKernel(session);
    const runId = call.runId ?? randomBytes(8).toString('hex');
    try {
      const result = await this.agents
        .connect(kernel.agentAddress)
        .execute(kernel.id, { mode: call.mode, runId, code: call.code, options: call.options ?? null });
      return { ...result, runId: result.runId || runId };
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, 'execute the code', error);
    }
  }

  /** Sends the main kernel's runner an interrupt (SIGINT to what runs); it may not take effect. */
  async interrupt(session: SessionRecord): Promise<void> {
    const kernel = runningMainKernel(session);
    try {
      await this.agents.connect(kernel.agentAddress).interruptKernel(kernel.id);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, 'interrupt the kernel', error);
    }
  }
}

/** The session's main kernel on a known agent, whatever its status; `kernel-not-running` when none. */
function endingMainKernel(session: SessionRecord): KernelRecord & { agentAddress: string } {
  const kernel = mainKernel(session);
  if (!kernel?.agentAddress) throw SessionErrors.kernelNotRunning(session.name, session.status);
  return kernel as KernelRecord & { agentAddress: string };
}

/** The session's main kernel when it runs on a known agent; `kernel-not-running` otherwise. */
function runningMainKernel(session: SessionRecord): KernelRecord & { agentAddress: string } {
  const kernel = mainKernel(session);
  if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
    throw SessionErrors.kernelNotRunning(session.name, session.status);
  return kernel as KernelRecord & { agentAddress: string };
}
