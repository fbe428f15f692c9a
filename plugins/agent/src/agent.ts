import type {
  Accelerator,
  AgentBackend,
  AgentRpcDirectory,
  BackendImage,
  EventBus,
  Logger,
  RpcServing,
} from '@tessera/core';
import { buildAgentInfo } from './agent-info';
import { AgentRpcHandler } from './agent-rpc-handler';
import type { AgentSettings } from './agent-settings';
import { BackgroundWork } from './background-work';
import { DeviceAllocator } from './device-allocator';
import { KernelLifecycle } from './kernel-lifecycle';
import { PeriodicLoop } from './periodic-loop';
import { StatsCollector } from './stats/stats-collector';

export interface AgentDependencies {
  eventBus: EventBus;
  backend: AgentBackend;
  accelerators: Accelerator[];
  directory: AgentRpcDirectory;
  log: Logger;
}

/**
 * One agent: finds again the kernels an earlier process of it left running, serves the manager's
 * RPC at its listen address, announces itself and its capacity by heartbeat, publishes measures,
 * and on stop destroys its kernels and says it is gone.
 */
export class Agent {
  readonly rpc: AgentRpcHandler;
  readonly lifecycle: KernelLifecycle;
  private readonly background: BackgroundWork;
  private readonly heartbeat: PeriodicLoop;
  private readonly stats: PeriodicLoop;
  private images: BackendImage[] = [];
  private serving: RpcServing | undefined;
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
      new DeviceAllocator(deps.accelerators, log, {
        allocationOrder: settings.allocationOrder,
        affinityPolicy: settings.affinityPolicy,
      }),
      deps.eventBus,
      log,
    );
    this.rpc = new AgentRpcHandler(settings.agentId, this.lifecycle, this.background);
    this.heartbeat = new PeriodicLoop(
      settings.heartbeatIntervalMs,
      () => this.sendHeartbeat(),
      log,
      'heartbeat',
    );
    const collector = new StatsCollector(
      settings.agentId,
      deps.backend,
      deps.eventBus,
      () => this.lifecycle.runningKernelIds(),
      log,
      { accelerators: deps.accelerators },
    );
    this.stats = new PeriodicLoop(
      settings.statIntervalMs,
      () => collector.collect(),
      log,
      'stats collection',
    );
  }

  async start(signal?: AbortSignal): Promise<void> {
    const { agentId, address, listenAddress } = this.settings;
    // Before the RPC is reachable: every kernel placed here earlier was placed on a previous process.
    const startedAt = new Date().toISOString();
    const recovered = await this.deps.backend.recoverKernels();
    for (const kernel of recovered) await this.lifecycle.adopt(kernel);
    await this.lifecycle.removeLeftoverCommits();
    this.images = await this.deps.backend.scanImages();
    this.serving = await this.deps.directory.serve(listenAddress, this.rpc);
    this.started = true;
    // What this process holds right now: the kernels found again. The manager ends every kernel it
    // placed here before `startedAt` that is not in the list.
    await this.deps.eventBus.publish(
      'agent_started',
      { agentId, startedAt, kernels: this.lifecycle.kernelIds() },
      agentId,
    );
    this.heartbeat.start(signal);
    this.stats.start(signal);
    this.deps.log.info('agent started', {
      address,
      listenAddress,
      backend: this.deps.backend.name,
      recovered: this.lifecycle.kernelIds(),
      images: this.images.map((i) => i.name),
      accelerators: this.deps.accelerators.map((a) => a.key),
      capacity: this.settings.capacity,
    });
  }

  /**
   * Stops heartbeats and stats and lets creations under way finish. Kernels of a backend whose
   * kernels outlive the agent (containers) are left running for the next start to find again, and
   * the agent leaves as RESTARTING: not schedulable, and LOST after the heartbeat timeout if it does
   * not come back. Other backends' kernels are destroyed (`agent-termination`) and it leaves as
   * TERMINATED. All within `kernelStopTimeout`.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const { agentId, kernelStopTimeoutMs } = this.settings;
    await Promise.all([this.heartbeat.stop(), this.stats.stop()]);
    const deadline = Date.now() + kernelStopTimeoutMs;
    if (!(await this.background.settle(kernelStopTimeoutMs))) {
      this.deps.log.warn('kernel creations still running at stop');
    }
    const keepKernels = this.deps.backend.capabilities().survivesRestart;
    if (keepKernels) {
      this.deps.log.info('kernels left running for the next start', { kernels: this.lifecycle.kernelIds() });
    } else {
      const destroying = Promise.all(
        this.lifecycle.kernelIds().map((kernelId) => this.lifecycle.destroy(kernelId, 'agent-termination')),
      );
      this.background.track(destroying.then(() => undefined));
      if (!(await this.background.settle(Math.max(0, deadline - Date.now())))) {
        this.deps.log.warn('kernels still running at stop', { kernels: this.lifecycle.kernelIds() });
      }
    }
    try {
      await this.deps.eventBus.publish(
        'agent_terminated',
        { agentId, reason: 'shutdown', status: keepKernels ? 'RESTARTING' : 'TERMINATED' },
        agentId,
      );
    } finally {
      await this.serving?.close();
    }
    this.deps.log.info('agent stopped');
  }

  private async sendHeartbeat(): Promise<void> {
    const info = await buildAgentInfo(this.settings, this.deps.accelerators, this.images);
    info.kernels = this.lifecycle.kernelIds();
    await this.deps.eventBus.publish('agent_heartbeat', info, this.settings.agentId);
  }
}
