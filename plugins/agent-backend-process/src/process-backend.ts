import {
  TesseraError,
  type AgentBackend,
  type BackendCapabilities,
  type BackendImage,
  type BackendKernel,
  type KernelCreationExtra,
  type KernelCreationSpec,
  type KernelMeasures,
  type Logger,
  type RecoveredKernel,
} from '@tessera/core';
import type { Config } from './config.generated';
import { ImageCatalog } from './image-catalog';
import { kernelEnvironment } from './kernel-environment';
import { KernelProcess } from './kernel-process';
import { runnerMainScript } from './runner-location';
import { ScratchDirectory } from './scratch-directory';

export interface ProcessBackendSettings extends Omit<Config, 'workRoot'> {
  /** Resolved folder for scratch directories. */
  workRoot: string;
}

interface LiveKernel {
  process: KernelProcess;
  scratch: ScratchDirectory;
  destroying?: Promise<number | null>;
}

/**
 * agent-backend/v1 with kernels as host child processes. Each kernel is Tessera's Python runner
 * started with the image's interpreter in the kernel's scratch directory; the agent talks to it
 * through the returned RunnerChannel.
 */
export class ProcessBackend implements AgentBackend {
  readonly name = 'process';
  private readonly catalog: ImageCatalog;
  private readonly kernels = new Map<string, LiveKernel>();

  constructor(
    private readonly settings: ProcessBackendSettings,
    private readonly log: Logger,
  ) {
    this.catalog = new ImageCatalog(settings.images, log);
  }

  capabilities(): BackendCapabilities {
    return { isolation: 'process', servicePorts: false, pty: false, survivesRestart: false };
  }

  async scanImages(): Promise<BackendImage[]> {
    return (await this.catalog.scan()).map((found) => found.image);
  }

  async createKernel(
    spec: KernelCreationSpec,
    extra: KernelCreationExtra,
  ): Promise<BackendKernel> {
    const log = this.log.child({ kernelId: spec.kernelId, sessionId: spec.sessionId });
    if (this.kernels.has(spec.kernelId)) {
      throw new TesseraError(
        'session-start-failed',
        'A kernel with this id is already running on this agent',
        {
          kernelId: spec.kernelId,
        },
      );
    }
    const image = await this.catalog.find(spec.image);
    if (!image) {
      throw TesseraError.notFound('image-not-found', `Image "${spec.image}" is not available on this agent`, {
        image: spec.image,
      });
    }
    const scratch = new ScratchDirectory(this.settings.workRoot, spec.kernelId);
    await scratch.create();
    const environ = kernelEnvironment(spec, scratch.workDir, extra.environ);
    await scratch.writeConfig('environ.txt', environ);
    await scratch.writeConfig('resource.txt', {
      SCRATCH_SIZE: '0',
      MOUNTS: '',
      SLOTS: JSON.stringify(spec.resourceSlots),
      ...extra.resourceData,
    });

    const process = KernelProcess.start(
      image.runtimePath,
      [runnerMainScript()],
      { cwd: scratch.workDir, env: environ },
      log,
    );
    const live: LiveKernel = { process, scratch };
    this.kernels.set(spec.kernelId, live);
    try {
      await this.waitUntilReady(process);
    } catch (error) {
      await this.destroyKernel(spec.kernelId, 'failed-to-start');
      throw error;
    }
    log.info('kernel process started', { pid: process.pid, image: spec.image, workDir: scratch.workDir });
    return {
      kernelId: spec.kernelId,
      containerId: String(process.pid),
      kernelHost: '127.0.0.1',
      servicePorts: [],
      runner: process.channel,
      exited: process.exited,
    };
  }

  destroyKernel(kernelId: string, reason: string): Promise<number | null> {
    const live = this.kernels.get(kernelId);
    if (!live) return Promise.resolve(null);
    live.destroying ??= this.terminate(kernelId, live, reason);
    return live.destroying;
  }

  /** Kernels are children of the agent's process and end with it: there is nothing to find again. */
  async recoverKernels(): Promise<RecoveredKernel[]> {
    return [];
  }

  /** What the kernel's process wrote outside the runner protocol, most recent lines. */
  async kernelLogs(kernelId: string): Promise<string> {
    const live = this.kernels.get(kernelId);
    return live ? live.process.recentDiagnostics().join('\n') : '';
  }

  async measureKernels(kernelIds: string[]): Promise<Record<string, KernelMeasures>> {
    void kernelIds;
    return {};
  }

  /** Destroys every kernel still running (the plugin's stop). */
  async destroyAll(reason: string): Promise<void> {
    await Promise.all([...this.kernels.keys()].map((kernelId) => this.destroyKernel(kernelId, reason)));
  }

  private async waitUntilReady(process: KernelProcess): Promise<void> {
    const timeoutMs = this.settings.readyTimeout * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TesseraError('session-start-timeout', 'The kernel runner did not become ready in time', {
              readyTimeout: this.settings.readyTimeout,
              diagnostics: process.recentDiagnostics(),
            }),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([process.channel.ready(), timeout]);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw new TesseraError(
        'session-start-failed',
        'The kernel runner exited before it was ready',
        { diagnostics: process.recentDiagnostics() },
        {},
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks the runner to exit, then SIGTERM, then SIGKILL, each after a bounded wait. */
  private async terminate(kernelId: string, live: LiveKernel, reason: string): Promise<number | null> {
    const { process } = live;
    let exitCode: number | null | undefined = process.running ? undefined : await process.exited;
    if (exitCode === undefined) {
      try {
        process.channel.send({ op: 'exit', data: null });
      } catch {
        // The runner cannot hear us any more; the signals below still work.
      }
      exitCode = await process.waitForExit(this.settings.exitGracePeriod * 1000);
    }
    if (exitCode === undefined) {
      process.signalGroup('SIGTERM');
      exitCode = await process.waitForExit(this.settings.terminateGracePeriod * 1000);
    }
    if (exitCode === undefined) {
      process.signalGroup('SIGKILL');
      exitCode = await process.exited;
    }
    // Whatever user code left running in the kernel's process group goes too.
    process.signalGroup('SIGKILL');
    process.channel.close();
    if (!this.settings.keepScratch) await live.scratch.remove();
    this.kernels.delete(kernelId);
    this.log.info('kernel process destroyed', { kernelId, reason, exitCode });
    return exitCode;
  }
}
