import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  KERNEL_FILE_LIMITS,
  TesseraError,
  type AgentRpc,
  type CompletionRequest,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelRecord,
  type SessionRecord,
} from '@tessera/core';
import { SessionErrors } from '@tessera/manager-sessions';

/** A file to write into the session, its path already checked (`workRelativePath`). */
export interface SessionFileWrite {
  path: string;
  content: Buffer;
}

/**
 * Forwards session-file and completion calls to the agent of the session's main kernel, which
 * holds /home/work (Backend.AI's files live in the main container). Uploads larger than one agent
 * call carries are split over several calls.
 */
@injectable()
export class SessionFiles {
  constructor(@inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory) {}

  async upload(session: SessionRecord, files: SessionFileWrite[]): Promise<void> {
    await this.call(session, 'upload the files', async (agent, kernelId) => {
      for (const batch of batches(files)) await agent.uploadFiles(kernelId, batch);
    });
  }

  list(session: SessionRecord, path: string): Promise<KernelFileListing> {
    return this.call(session, 'list the files', (agent, kernelId) => agent.listFiles(kernelId, path));
  }

  /** One tar archive per path, in the order asked (the download answer's parts). */
  download(session: SessionRecord, paths: string[]): Promise<Buffer[]> {
    return this.call(session, 'send the files', (agent, kernelId) =>
      Promise.all(
        paths.map(async (path) =>
          Buffer.from((await agent.downloadFiles(kernelId, [path])).archive, 'base64'),
        ),
      ),
    );
  }

  complete(session: SessionRecord, request: CompletionRequest): Promise<string[]> {
    return this.call(session, 'complete the code', (agent, kernelId) => agent.complete(kernelId, request));
  }

  private async call<T>(
    session: SessionRecord,
    operation: string,
    work: (agent: AgentRpc, kernelId: string) => Promise<T>,
  ): Promise<T> {
    const kernel = runningMainKernel(session);
    try {
      return await work(this.agents.connect(kernel.agentAddress), kernel.id);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, operation, error);
    }
  }
}

/** Groups files into agent calls of at most KERNEL_FILE_LIMITS.maxUploadBytesPerCall bytes each. */
export function batches(files: SessionFileWrite[]): KernelFileUpload[][] {
  const result: KernelFileUpload[][] = [];
  let current: KernelFileUpload[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && size + file.content.length > KERNEL_FILE_LIMITS.maxUploadBytesPerCall) {
      result.push(current);
      current = [];
      size = 0;
    }
    current.push({ path: file.path, content: file.content.toString('base64') });
    size += file.content.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The session's main kernel when it runs on a known agent; `kernel-not-running` otherwise. */
function runningMainKernel(session: SessionRecord): KernelRecord & { agentAddress: string } {
  const kernel = session.kernels.find((k) => k.clusterRole === 'main') ?? session.kernels[0];
  if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
    throw SessionErrors.kernelNotRunning(session.name, session.status);
  return kernel as KernelRecord & { agentAddress: string };
}
