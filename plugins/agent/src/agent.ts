import type {
  Accelerator,
  AgentBackend,
  AgentRpcDirectory,
  BackendImage,
  EventBus,
  Logger,
} from '@tessera/core';
import { buildAgentInfo } from './agent-info';
import { AgentRpcHandler } from './agent-rpc-handler';
import type { AgentSettings } from './agent-settings';
import { BackgroundWork } from './background-work';
import { DeviceAllocator } from './device-allocator';
import { HeartbeatLoop } from './heartbeat-loop';
import { KernelLifecycle } from './kernel-lifecycle';

export interface AgentDependencies {
  eventBus: EventBus;
  backend: AgentBackend;
  accelerators: Accelerator[];
  directory: AgentRpcDirectory;
  log: Logger;
}

/**
 * One agent: announces itself and its capacity by heartbeat, serves the manager's RPC in the
 * directory under its address, and on stop destroys its kernels and says it is gone.
 */
export class Agent {
  readonly rpc: AgentRpcHandler;
  readonly lifecycle: KernelLifecycle;
  private readonly background: BackgroundWork;
  private readonly heartbeat: HeartbeatLoop;
  private images: BackendImage[] = [];
  private started = false;

  constructor(
    readonly settings: AgentSettings,
    private readonly deps: AgentDependencies,
  ) {
    const { log } = deps;
    this.background = new BackgroundWork((error) =>
      log.error('background work failed', { error: String(error) }),
    );
    this.lifecycle = new KernelLifecycle(
      settings,
      deps.backend,
      new DeviceAllocator(deps.accelerators, log),
      deps.eventBus,
      log,
    );
    this.rpc = new AgentRpcHandler(settings.agentId, this.lifecycle, this.background);
    this.heartbeat = new HeartbeatLoop(settings.heartbeatIntervalMs, () => this.sendHeartbeat(), log);
  }

  async start(signal?: AbortSignal): Promise<void> {
    const { agentId, address } = this.settings;
    // Before the RPC is reachable: every kernel placed here earlier was placed on a previous process.
    const startedAt = new Date().toISOString();
    this.images = await this.deps.backend.scanImages();
    this.deps.directory.bind(address, this.rpc);
    this.started = true;
    // What this process holds right now (the process backend: nothing survives a restart); the
    // manager ends every kernel it placed here before `startedAt` that is not in the list.
    await this.deps.eventBus.publish(
      'agent_started',
      { agentId, startedAt, kernels: this.lifecycle.kernelIds() },
      agentId,
    );
    this.heartbeat.start(signal);
    this.deps.log.info('agent started', {
      address,
      backend: this.deps.backend.name,
      images: this.images.map((i) => i.name),
      accelerators: this.deps.accelerators.map((a) => a.key),
      capacity: this.settings.capacity,
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const { agentId, address, kernelStopTimeoutMs } = this.settings;
    await this.heartbeat.stop();
    const deadline = Date.now() + kernelStopTimeoutMs;
    if (!(await this.background.settle(kernelStopTimeoutMs))) {
      this.deps.log.warn('kernel creations still running at stop');
    }
    const destroying = Promise.all(
      this.lifecycle.kernelIds().map((kernelId) => this.lifecycle.destroy(kernelId, 'agent-termination')),
    );
    this.background.track(destroying.then(() => undefined));
    if (!(await this.background.settle(Math.max(0, deadline - Date.now())))) {
      this.deps.log.warn('kernels still running at stop', { kernels: this.lifecycle.kernelIds() });
    }
    try {
      await this.deps.eventBus.publish(
        'agent_terminated',
        { agentId, reason: 'shutdown', status: 'TERMINATED' },
        agentId,
      );
    } finally {
      this.deps.directory.unbind(address);
    }
    this.deps.log.info('agent stopped');
  }

  private async sendHeartbeat(): Promise<void> {
    const info = await buildAgentInfo(this.settings, this.deps.accelerators, this.images);
    await this.deps.eventBus.publish('agent_heartbeat', info, this.settings.agentId);
  }
}
