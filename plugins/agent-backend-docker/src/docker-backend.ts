import { cpus } from 'node:os';
import Dockerode from 'dockerode';
import { AgentErrors, HostWorkFolder } from '@tessera/agent';
import {
  TesseraError,
  type AgentBackend,
  type BackendCapabilities,
  type BackendImage,
  type BackendKernel,
  type KernelCreationExtra,
  type KernelCreationSpec,
  type KernelFileListing,
  type KernelFileWrite,
  type KernelMeasures,
  type KernelRestartCapable,
  type KernelTerminal,
  type Logger,
  type RecoveredKernel,
  type TerminalSize,
} from '@tessera/core';
import type { BackendContext, DockerBackendSettings, LiveKernel } from './backend-context';
import { demultiplexLogs, KERNEL_LOG_LINES } from './container-logs';
import { CpuSetPool } from './cpu-set-pool';
import { dockerMessage, ignoringGone } from './docker-errors';
import { createKernelContainer } from './kernel-creation';
import { KernelImages } from './kernel-images';
import { CONTAINER_LABELS, KERNEL_PATHS } from './labels';
import { openDockerTerminal } from './kernel-terminal';
import { measuresFromStats, type DockerStats } from './kernel-measures';
import { commitKernelContainer, removeLeftoverCommitImages } from './kernel-commit';
import { reattachKernel, removeOrphanScratches, scopeContainers } from './kernel-recovery';
import { restartKernelContainer } from './kernel-restart';
import { terminateKernel } from './kernel-termination';
import { PortPool } from './port-pool';
import { SessionNetworks } from './session-networks';

export type { DockerBackendSettings } from './backend-context';

/**
 * agent-backend/v2 on a Docker engine (Backend.AI's docker agent backend): each kernel is a
 * container `tessera-<kernelId>` labelled with its kernel, session, owner and this agent's scope,
 * running as the configured uid with all capabilities dropped, its slots as cgroup limits, on its
 * session's bridge network (or the default bridge, see SessionNetworks), with its scratch directory and the kernel runner bind-mounted. The
 * agent talks to Python images through the runner's Unix socket and to images without Python
 * through `docker exec`. Containers outlive the agent; `recoverKernels` attaches to them again.
 */
export class DockerBackend implements AgentBackend, KernelRestartCapable {
  readonly name = 'docker';
  private readonly context: BackendContext;
  private readonly kernels = new Map<string, LiveKernel>();
  private readonly creating = new Set<string>();
  /** Restarts under way, by kernel id. */
  private readonly restarting = new Map<string, Promise<BackendKernel>>();
  /** Kernels being committed. */
  private readonly committing = new Set<string>();
  private closed = false;

  constructor(settings: DockerBackendSettings, log: Logger) {
    const docker = new Dockerode({ socketPath: settings.socketPath });
    this.context = {
      settings,
      docker,
      images: new KernelImages(docker, settings, log),
      networks: new SessionNetworks(docker, settings.scope, settings.singleKernelNetwork, log),
      ports: new PortPool(settings.portRange[0], settings.portRange[1], settings.bindHost),
      cores: new CpuSetPool(cpus().map((_, index) => index)),
      owner: { uid: settings.kernelUid, gid: settings.kernelGid },
      log,
    };
  }

  capabilities(): BackendCapabilities {
    return { isolation: 'container', servicePorts: true, pty: true, survivesRestart: true };
  }

  scanImages(): Promise<BackendImage[]> {
    return this.context.images.scan();
  }

  async createKernel(spec: KernelCreationSpec, extra: KernelCreationExtra): Promise<BackendKernel> {
    const { kernelId } = spec;
    if (this.closed) {
      throw new TesseraError('session-start-failed', 'The Docker backend has stopped', { kernelId });
    }
    if (this.kernels.has(kernelId) || this.creating.has(kernelId)) {
      throw new TesseraError('session-start-failed', 'A kernel with this id is already on this agent', {
        kernelId,
      });
    }
    this.creating.add(kernelId);
    try {
      const live = await createKernelContainer(this.context, spec, extra);
      this.kernels.set(kernelId, live);
      return this.backendKernel(live);
    } finally {
      this.creating.delete(kernelId);
    }
  }

  /**
   * Restarts a kernel's container in place (see restartKernelContainer); concurrent calls share
   * one restart, and a destroy that comes meanwhile waits for it.
   */
  restartKernel(kernelId: string): Promise<BackendKernel> {
    const live = this.kernels.get(kernelId);
    if (!live || live.watch.end || live.destroying) {
      return Promise.reject(
        new TesseraError('kernel-not-running', 'The kernel is not running on this agent', { kernelId }),
      );
    }
    let restart = this.restarting.get(kernelId);
    if (!restart) {
      restart = restartKernelContainer(this.context, live)
        .then((next) => {
          this.kernels.set(kernelId, next);
          return this.backendKernel(next);
        })
        .finally(() => this.restarting.delete(kernelId));
      this.restarting.set(kernelId, restart);
    }
    return restart;
  }

  /**
   * Commits a kernel's container to a gzipped image archive at `destination` (see
   * commitKernelContainer). One commit per kernel at a time: another meanwhile is refused.
   */
  async commitKernel(kernelId: string, destination: string): Promise<void> {
    const live = this.kernels.get(kernelId);
    if (!live || live.watch.end || live.destroying) {
      throw new TesseraError('kernel-not-running', 'The kernel is not running on this agent', { kernelId });
    }
    if (this.committing.has(kernelId)) throw AgentErrors.commitInProgress(kernelId);
    this.committing.add(kernelId);
    try {
      await commitKernelContainer(this.context, live, destination);
    } finally {
      this.committing.delete(kernelId);
    }
  }

  async destroyKernel(kernelId: string, reason: string): Promise<number | null> {
    await this.restarting.get(kernelId)?.catch(() => undefined);
    const live = this.kernels.get(kernelId);
    if (!live) return null;
    live.destroying ??= terminateKernel(this.context, live, reason).finally(() =>
      this.kernels.delete(kernelId),
    );
    return live.destroying;
  }

  async recoverKernels(): Promise<RecoveredKernel[]> {
    const recovered: RecoveredKernel[] = [];
    for (const summary of await scopeContainers(this.context)) {
      if (this.kernels.has(summary.Labels?.[CONTAINER_LABELS.kernelId] ?? '')) continue;
      const live = await reattachKernel(this.context, summary);
      if (!live) continue;
      this.kernels.set(live.kernelId, live);
      recovered.push({
        spec: live.record.spec,
        deviceAllocation: live.record.deviceAllocation,
        kernel: this.backendKernel(live),
      });
    }
    await removeOrphanScratches(
      this.context,
      (kernelId) => this.kernels.has(kernelId) || this.creating.has(kernelId),
    );
    await this.context.networks.removeUnused();
    await removeLeftoverCommitImages(this.context);
    this.context.log.info('kernels recovered', {
      count: recovered.length,
      kernelIds: recovered.map((r) => r.spec.kernelId),
    });
    return recovered;
  }

  async kernelLogs(kernelId: string): Promise<string> {
    const live = this.kernels.get(kernelId);
    if (!live) return '';
    const buffer = await ignoringGone(() =>
      live.container.logs({
        stdout: true,
        stderr: true,
        timestamps: false,
        follow: false,
        tail: KERNEL_LOG_LINES,
      }),
    );
    return buffer ? demultiplexLogs(buffer) : '';
  }

  /**
   * Session files go through the kernel's scratch `work/` on this host, which is the container's
   * /home/work: no engine round trip, and what is written is given to the kernel's user. The
   * kernel's user can plant symlinks there and the agent runs as root, so HostWorkFolder never
   * follows one (the engine's archive API would resolve them inside the container, as root).
   */
  async uploadFiles(kernelId: string, files: KernelFileWrite[]): Promise<void> {
    await this.workFolder(kernelId).write(files);
  }

  listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    return this.workFolder(kernelId).list(path);
  }

  downloadFiles(kernelId: string, paths: string[]): Promise<Buffer> {
    return this.workFolder(kernelId).archive(paths);
  }

  private workFolder(kernelId: string): HostWorkFolder {
    const live = this.kernels.get(kernelId);
    if (!live) {
      throw new TesseraError('kernel-not-running', 'The kernel is not running on this agent', { kernelId });
    }
    return new HostWorkFolder(live.scratch.workDir, this.context.owner);
  }

  /** A login shell on a pty in the kernel's container, as the kernel's user in /home/work. */
  async openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    const live = this.kernels.get(kernelId);
    if (!live || live.watch.end || live.destroying) {
      throw new TesseraError('kernel-not-running', 'The kernel is not running on this agent', { kernelId });
    }
    const { kernelUid, kernelGid } = this.context.settings;
    return openDockerTerminal(
      live.container,
      { user: `${kernelUid}:${kernelGid}`, workDir: KERNEL_PATHS.work },
      size,
    );
  }

  async measureKernels(kernelIds: string[]): Promise<Record<string, KernelMeasures>> {
    const measures: Record<string, KernelMeasures> = {};
    await Promise.all(
      kernelIds.map(async (kernelId) => {
        const live = this.kernels.get(kernelId);
        if (!live || live.watch.end || live.destroying) return;
        try {
          const stats = (await live.container.stats({ stream: false, 'one-shot': true })) as DockerStats;
          measures[kernelId] = measuresFromStats(stats, live.record.cpuLimit);
        } catch (error) {
          this.context.log.debug('cannot measure a kernel', { kernelId, error: dockerMessage(error) });
        }
      }),
    );
    return measures;
  }

  /**
   * Lets go of the kernels without touching them (the agent stopping, or a test playing its
   * death): exit watches end and runner connections close, as they would if the process died;
   * the containers keep running and a new backend recovers them.
   */
  close(): void {
    this.closed = true;
    for (const live of this.kernels.values()) {
      live.watch.stop();
      live.runner.close();
    }
    this.kernels.clear();
  }

  /** Destroys every kernel this backend knows. */
  async destroyAll(reason: string): Promise<void> {
    await Promise.all([...this.kernels.keys()].map((kernelId) => this.destroyKernel(kernelId, reason)));
  }

  private backendKernel(live: LiveKernel): BackendKernel {
    return {
      kernelId: live.kernelId,
      containerId: live.container.id,
      kernelHost: this.context.settings.bindHost,
      servicePorts: live.record.servicePorts,
      runner: live.runner,
      exited: live.exited,
      endReason: () => (live.watch.end?.oomKilled ? 'out-of-memory' : undefined),
    };
  }
}
