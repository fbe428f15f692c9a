import type {
  AgentRpc,
  CompletionRequest,
  KernelCommitRequest,
  KernelCommitStarted,
  KernelCommitStatus,
  ExecuteRequest,
  ExecutionResult,
  KernelCreationSpec,
  KernelDestroyOutcome,
  KernelFileArchive,
  KernelFileListing,
  KernelFileUpload,
  KernelTerminal,
  ServiceShutdownResult,
  ServiceStartRequest,
  ServiceStartResult,
  TerminalSize,
} from '@tessera/core';
import type { BackgroundWork } from './background-work';
import type { KernelLifecycle } from './kernel-lifecycle';

/** The manager's calls into this agent, served in process (bound in the AgentRpcDirectory). */
export class AgentRpcHandler implements AgentRpc {
  constructor(
    private readonly agentId: string,
    private readonly lifecycle: KernelLifecycle,
    private readonly background: BackgroundWork,
  ) {}

  async ping(): Promise<{ agentId: string }> {
    return { agentId: this.agentId };
  }

  /**
   * Accepts the kernels and returns; their creation goes on in the background and reports by
   * events. Kernels this agent already has or is creating are not created again (a retried call).
   */
  async createKernels(kernels: KernelCreationSpec[]): Promise<void> {
    for (const spec of this.lifecycle.fresh(kernels)) this.background.track(this.lifecycle.begin(spec));
  }

  destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome> {
    return this.lifecycle.destroy(kernelId, reason);
  }

  async execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    return this.lifecycle.executorOf(kernelId).execute(request);
  }

  async interruptKernel(kernelId: string): Promise<void> {
    this.lifecycle.executorOf(kernelId).interrupt();
  }

  startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult> {
    return this.lifecycle.startService(kernelId, request);
  }

  shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult> {
    return this.lifecycle.shutdownService(kernelId, service);
  }

  kernelLogs(kernelId: string): Promise<string> {
    return this.lifecycle.kernelLogs(kernelId);
  }

  complete(kernelId: string, request: CompletionRequest): Promise<string[]> {
    return this.lifecycle.complete(kernelId, request);
  }

  uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    return this.lifecycle.uploadFiles(kernelId, files);
  }

  listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    return this.lifecycle.listFiles(kernelId, path);
  }

  downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    return this.lifecycle.downloadFiles(kernelId, paths);
  }

  restartKernel(kernelId: string): Promise<void> {
    return this.lifecycle.restart(kernelId);
  }

  /** Starts the commit and returns; the archive is written in the background (see KernelCommits). */
  async commit(kernelId: string, request: KernelCommitRequest): Promise<KernelCommitStarted> {
    const { started, work } = this.lifecycle.commit(kernelId, request);
    this.background.track(work);
    return started;
  }

  async getCommitStatus(kernelId: string): Promise<{ status: KernelCommitStatus }> {
    return { status: this.lifecycle.commitStatus(kernelId) };
  }

  openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    return this.lifecycle.openTerminal(kernelId, size);
  }
}
