import {
  defineErrorCodes,
  TesseraError,
  type AgentRpc,
  type CompletionRequest,
  type ExecuteRequest,
  type ExecutionResult,
  type KernelCommitRequest,
  type KernelCommitStarted,
  type KernelCommitStatus,
  type KernelCreationSpec,
  type KernelDestroyOutcome,
  type KernelFileArchive,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelTerminal,
  type ServiceShutdownResult,
  type ServiceStartRequest,
  type ServiceStartResult,
  type TerminalSize,
} from '@tessera/core';
import { FakeTerminal } from './fake-terminal';

export const FakeAgentErrors = defineErrorCodes('@test/fake-agent', {
  'fake-agent-broken': { status: 503, problem: 'service-unavailable' },
});

type Method = keyof AgentRpc;

/**
 * An AgentRpc that counts every call it receives and behaves as the agent does where retries
 * matter: createKernels skips kernels it has (idempotent by kernel id), destroyKernel answers
 * not-found for a kernel it does not have, startService already-running the second time,
 * shutdownService not-running for a service it does not run. Methods
 * listed in `hangOn` never answer (until `releaseHanging`).
 */
export class FakeAgent implements AgentRpc {
  readonly calls: Partial<Record<Method, number>> = {};
  readonly kernels = new Map<string, KernelCreationSpec>();
  creations = 0;
  readonly hangOn = new Set<Method>();
  private readonly services = new Set<string>();
  private readonly hanging: Array<() => void> = [];

  constructor(readonly agentId = 'i-fake-agent') {}

  get totalCalls(): number {
    return Object.values(this.calls).reduce((sum, count) => sum + count, 0);
  }

  /** Lets the calls kept waiting by `hangOn` end (they answer with an internal error). */
  releaseHanging(): void {
    for (const release of this.hanging.splice(0)) release();
  }

  async ping(): Promise<{ agentId: string }> {
    await this.enter('ping');
    return { agentId: this.agentId };
  }

  async createKernels(kernels: KernelCreationSpec[]): Promise<void> {
    await this.enter('createKernels');
    for (const spec of kernels) {
      if (this.kernels.has(spec.kernelId)) continue;
      this.kernels.set(spec.kernelId, spec);
      this.creations += 1;
    }
  }

  async destroyKernel(kernelId: string, _reason: string): Promise<KernelDestroyOutcome> {
    await this.enter('destroyKernel');
    return this.kernels.delete(kernelId) ? 'destroyed' : 'not-found';
  }

  async execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    await this.enter('execute');
    this.running(kernelId);
    return {
      runId: request.runId,
      status: 'finished',
      console: [['stdout', `ran ${request.code}\n`]],
      exitCode: 0,
      options: null,
      files: [],
    };
  }

  async interruptKernel(kernelId: string): Promise<void> {
    await this.enter('interruptKernel');
    this.running(kernelId);
  }

  async startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult> {
    await this.enter('startService');
    if (kernelId === 'k-broken') {
      throw FakeAgentErrors.error('fake-agent-broken', 'the fake agent lost its devices', {
        devices: [0, 1],
      });
    }
    this.running(kernelId);
    const key = `${kernelId}/${request.service}`;
    if (this.services.has(key)) return { status: 'already-running' };
    this.services.add(key);
    return { status: 'started' };
  }

  async shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult> {
    await this.enter('shutdownService');
    this.running(kernelId);
    return { status: this.services.delete(`${kernelId}/${service}`) ? 'stopped' : 'not-running' };
  }

  /** The files uploaded per kernel, by path (base64 contents): a repeated upload writes the same. */
  readonly files = new Map<string, Map<string, string>>();

  async complete(kernelId: string, request: CompletionRequest): Promise<string[]> {
    await this.enter('complete');
    this.running(kernelId);
    return request.code === 'pri' ? ['print'] : [];
  }

  async uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    await this.enter('uploadFiles');
    this.running(kernelId);
    const kept = this.files.get(kernelId) ?? new Map<string, string>();
    for (const file of files) kept.set(file.path, file.content);
    this.files.set(kernelId, kept);
  }

  async listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    await this.enter('listFiles');
    this.running(kernelId);
    const now = Date.now() / 1000;
    const files = [...(this.files.get(kernelId)?.entries() ?? [])].map(([filename, content]) => ({
      filename,
      type: 'file' as const,
      size: Buffer.from(content, 'base64').length,
      mode: '-rw-r--r--',
      ctime: now,
      mtime: now,
      atime: now,
    }));
    return { path, files, errors: [] };
  }

  async downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    await this.enter('downloadFiles');
    this.running(kernelId);
    const archive = Buffer.from(paths.join('\n'));
    return { archive: archive.toString('base64'), size: archive.length };
  }

  async kernelLogs(kernelId: string): Promise<string> {
    await this.enter('kernelLogs');
    if (kernelId === 'k-crash') throw new RangeError('log offset out of range');
    this.running(kernelId);
    return `línea 1 of ${kernelId}\n🚀 done\n`;
  }

  /** Kernel ids restartKernel was called for, in order. */
  readonly restarted: string[] = [];
  /** Every terminal opened, in order. */
  readonly terminals: FakeTerminal[] = [];

  async restartKernel(kernelId: string): Promise<void> {
    await this.enter('restartKernel');
    this.running(kernelId);
    this.restarted.push(kernelId);
  }

  /** Kernel ids commit was called for, in order. */
  readonly committed: string[] = [];

  async commit(kernelId: string, request: KernelCommitRequest): Promise<KernelCommitStarted> {
    await this.enter('commit');
    this.running(kernelId);
    this.committed.push(kernelId);
    const path = `${request.email}/${request.filename}`;
    return { kernelId, path, location: `/fake/commit/${path}` };
  }

  async getCommitStatus(kernelId: string): Promise<{ status: KernelCommitStatus }> {
    await this.enter('getCommitStatus');
    return { status: this.committed.includes(kernelId) ? 'ongoing' : 'ready' };
  }

  async openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    await this.enter('openTerminal');
    this.running(kernelId);
    const terminal = new FakeTerminal(kernelId, size);
    this.terminals.push(terminal);
    setImmediate(() => terminal.emit(Buffer.from('$ '))); // a shell's prompt, right after it opens
    return terminal;
  }

  private async enter(method: Method): Promise<void> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    if (this.hangOn.has(method)) {
      await new Promise<void>((resolve) => this.hanging.push(resolve));
      throw new Error(`${method} was released`);
    }
  }

  private running(kernelId: string): void {
    if (!this.kernels.has(kernelId)) {
      throw new TesseraError('kernel-not-running', `kernel ${kernelId} is not running on this agent`, {
        kernelId,
      });
    }
  }
}
