import type {
  AgentInfo,
  AgentRpc,
  EventBus,
  ExecuteRequest,
  ExecutionResult,
  KernelCommitStarted,
  KernelCommitStatus,
  KernelCreationSpec,
  ServiceShutdownResult,
  ServiceStartResult,
  KernelDestroyOutcome,
  KernelFileArchive,
  KernelFileListing,
  KernelTerminal,
} from '@tessera/core';

export const STAND_IN_IMAGE = 'cr.backend.ai/stable/python:3.12-ubuntu24.04';

/**
 * An agent RPC stand-in for the scheduling tests: heartbeats with a fixed capacity on the real
 * event bus, accepts kernels, reports them started, and ends each by itself after `runMs`
 * (kernel_terminated, self-terminated), so capacity keeps freeing up. It remembers every kernel
 * it was asked to create.
 */
export class StandInAgent implements AgentRpc {
  readonly created: string[] = [];
  private readonly sessionOf = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly bus: EventBus,
    readonly agentId: string,
    private readonly slots: Record<string, string>,
    private readonly runMs: [number, number],
  ) {}

  get address(): string {
    return `inproc://${this.agentId}`;
  }

  info(): AgentInfo {
    return {
      agentId: this.agentId,
      address: this.address,
      region: 'local',
      resourceGroup: 'default',
      architecture: 'x86_64',
      version: '0.1.0',
      availableSlots: this.slots,
      slotTypes: { cpu: 'count', mem: 'bytes' },
      images: [{ name: STAND_IN_IMAGE, architecture: 'x86_64', labels: {} }],
      computePlugins: {},
    };
  }

  heartbeat(): Promise<void> {
    return this.bus.publish('agent_heartbeat', this.info(), this.agentId);
  }

  async startService(): Promise<ServiceStartResult> {
    return { status: 'failed', error: 'the stand-in agent runs no services' };
  }

  async shutdownService(): Promise<ServiceShutdownResult> {
    return { status: 'not-running' };
  }

  async kernelLogs(): Promise<string> {
    return '';
  }

  async complete(): Promise<string[]> {
    return [];
  }

  async uploadFiles(): Promise<void> {
    throw new Error('the stand-in agent keeps no files');
  }

  async listFiles(): Promise<KernelFileListing> {
    throw new Error('the stand-in agent keeps no files');
  }

  async downloadFiles(): Promise<KernelFileArchive> {
    throw new Error('the stand-in agent keeps no files');
  }

  async restartKernel(): Promise<void> {
    throw new Error('the stand-in agent does not restart kernels');
  }

  async commit(): Promise<KernelCommitStarted> {
    throw new Error('the stand-in agent does not commit kernels');
  }

  async getCommitStatus(): Promise<{ status: KernelCommitStatus }> {
    return { status: 'ready' };
  }

  async openTerminal(): Promise<KernelTerminal> {
    throw new Error('the stand-in agent has no terminals');
  }

  async ping(): Promise<{ agentId: string }> {
    return { agentId: this.agentId };
  }

  async createKernels(kernels: KernelCreationSpec[]): Promise<void> {
    for (const spec of kernels) {
      this.created.push(spec.kernelId);
      this.sessionOf.set(spec.kernelId, spec.sessionId);
      void this.run(spec);
    }
  }

  async destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome> {
    await this.end(kernelId, reason);
    return 'destroyed';
  }

  async execute(_kernelId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    return { runId: request.runId, status: 'finished', console: [], exitCode: 0, options: null, files: [] };
  }

  async interruptKernel(): Promise<void> {}

  /** Ends the kernels still running (the test is over). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(spec: KernelCreationSpec): Promise<void> {
    const ids = { kernelId: spec.kernelId, sessionId: spec.sessionId };
    await this.bus.publish('kernel_preparing', ids, this.agentId);
    await this.bus.publish('kernel_creating', ids, this.agentId);
    await this.bus.publish(
      'kernel_started',
      {
        sessionId: spec.sessionId,
        info: {
          kernelId: spec.kernelId,
          containerId: `stand-in-${spec.kernelId.slice(0, 8)}`,
          servicePorts: [],
          deviceAllocation: {},
          kernelHost: '127.0.0.1',
        },
      },
      this.agentId,
    );
    const [min, max] = this.runMs;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.end(spec.kernelId, 'self-terminated');
      },
      min + Math.random() * (max - min),
    );
    this.timers.add(timer);
  }

  private async end(kernelId: string, reason: string): Promise<void> {
    const sessionId = this.sessionOf.get(kernelId) ?? kernelId;
    await this.bus.publish('kernel_terminated', { kernelId, sessionId, reason, exitCode: 0 }, this.agentId);
  }
}
