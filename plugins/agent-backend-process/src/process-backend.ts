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
  type KernelRestartCapable,
  type KernelMeasures,
  type Logger,
  type RecoveredKernel,
} from '@tessera/core';
import { HostWorkFolder } from '@tessera/agent';
import { runnerMainScript } from '@tessera/kernel-runner';
import type { Config } from './config.generated';
import { ImageCatalog } from './image-catalog';
import { kernelEnvironment } from './kernel-environment';
import { KernelProcess } from './kernel-process';
import { sweepLeftovers } from './leftover-sweep';
import { readStat } from './proc-fs';
import { measureProcessGroups } from './process-group-measures';
import { ScratchDirectory } from './scratch-directory';

/** The variable naming the session's bootstrap script for the runner. */
const BOOTSTRAP_SCRIPT_VARIABLE = 'TESSERA_BOOTSTRAP_SCRIPT';

export interface ProcessBackendSettings extends Omit<Config, 'workRoot'> {
  /** Resolved folder for scratch directories. */
  workRoot: string;
}

interface LiveKernel {
  process: KernelProcess;
  scratch: ScratchDirectory;
  /** Starts the kernel's runner (again, for a restart) in its scratch directory. */
  launch: () => KernelProcess;
  /** What the kernel record on disk holds besides the process group. */
  record: {
    runnerScript: string;
    spec: KernelCreationSpec;
    deviceAllocation: KernelCreationExtra['deviceAllocation'];
  };
  destroying?: Promise<number | null>;
  restarting?: Promise<BackendKernel>;
}

/**
 * agent-backend/v2 with kernels as host child processes. Each kernel is Tessera's Python runner
 * (@tessera/kernel-runner, stdio mode) started with the image's interpreter in the kernel's scratch
 * directory; the agent talks to it through the returned RunnerChannel. Kernels end with the agent
 * (their runner exits at the end of its input), so `recoverKernels` only cleans up.
 */
export class ProcessBackend implements AgentBackend, KernelRestartCapable {
  readonly name = 'process';
  private readonly catalog: ImageCatalog;
  private readonly kernels = new Map<string, LiveKernel>();
  private identity: Promise<{ pid: number; startTime: number } | undefined> | undefined;

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

  async createKernel(spec: KernelCreationSpec, extra: KernelCreationExtra): Promise<BackendKernel> {
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
    await scratch.linkMounts(spec.mounts ?? []).catch(async (error: unknown) => {
      await scratch.remove();
      throw error;
    });
    const environ = kernelEnvironment(spec, scratch.workDir, extra.environ);
    await scratch.writeConfig('environ.txt', environ);
    await scratch.writeConfig('resource.txt', {
      SCRATCH_SIZE: '0',
      MOUNTS: (spec.mounts ?? []).map((m) => `${m.hostPath}:${m.kernelPath}:${m.permission}`).join(','),
      SLOTS: JSON.stringify(spec.resourceSlots),
      ...extra.resourceData,
    });

    const env = { ...environ };
    if (spec.bootstrapScript) {
      env[BOOTSTRAP_SCRIPT_VARIABLE] = await scratch.writeBootstrapScript(spec.bootstrapScript);
    }
    const runnerScript = runnerMainScript();
    const launch = () =>
      KernelProcess.start(image.runtimePath, [runnerScript], { cwd: scratch.workDir, env }, log);
    const process = launch();
    const live: LiveKernel = {
      process,
      scratch,
      launch,
      record: { runnerScript, spec, deviceAllocation: extra.deviceAllocation },
    };
    this.kernels.set(spec.kernelId, live);
    try {
      await this.recordProcess(live);
      await this.waitUntilReady(process);
    } catch (error) {
      await this.destroyKernel(spec.kernelId, 'failed-to-start');
      throw error;
    }
    log.info('kernel process started', { pid: process.pid, image: spec.image, workDir: scratch.workDir });
    return this.backendKernel(spec.kernelId, process);
  }

  /**
   * Restarts a kernel in place: its runner is asked to exit, then its process group is signalled
   * as on destroy (so whatever user code started ends too), and a new runner starts in the same
   * scratch directory with the same environment; the files in /home/work stay. Resolves once the
   * new runner is ready. A destroy that comes meanwhile waits for the restart to end.
   */
  restartKernel(kernelId: string): Promise<BackendKernel> {
    const live = this.kernels.get(kernelId);
    if (!live || live.destroying) {
      return Promise.reject(
        new TesseraError('kernel-not-running', 'The kernel is not running on this backend', { kernelId }),
      );
    }
    live.restarting ??= this.restart(kernelId, live).finally(() => (live.restarting = undefined));
    return live.restarting;
  }

  private async restart(kernelId: string, live: LiveKernel): Promise<BackendKernel> {
    const exitCode = await this.stopProcess(live.process);
    const process = live.launch();
    live.process = process;
    await this.recordProcess(live);
    await this.waitUntilReady(process);
    this.log.info('kernel process restarted', { kernelId, pid: process.pid, previousExitCode: exitCode });
    return this.backendKernel(kernelId, process);
  }

  private backendKernel(kernelId: string, process: KernelProcess): BackendKernel {
    return {
      kernelId,
      containerId: String(process.pid),
      kernelHost: '127.0.0.1',
      servicePorts: [],
      runner: process.channel,
      exited: process.exited,
    };
  }

  /** Writes the kernel's record (what a later agent's sweep reads) for its current process group. */
  private async recordProcess(live: LiveKernel): Promise<void> {
    if (live.process.pid === undefined) return;
    await live.scratch.writeRecord({
      kernelId: live.record.spec.kernelId,
      pgid: live.process.pid,
      runnerScript: live.record.runnerScript,
      createdAt: new Date().toISOString(),
      agent: await this.agentIdentity(),
      spec: live.record.spec,
      deviceAllocation: live.record.deviceAllocation,
    });
  }

  destroyKernel(kernelId: string, reason: string): Promise<number | null> {
    const live = this.kernels.get(kernelId);
    if (!live) return Promise.resolve(null);
    live.destroying ??= this.terminate(kernelId, live, reason);
    return live.destroying;
  }

  /**
   * Kernels are children of the agent's process and end with it: there is nothing to re-attach.
   * What an earlier process left is cleaned up: leftover processes of its kernels are killed and
   * their scratch directories removed (unless `keepScratch`).
   */
  async recoverKernels(): Promise<RecoveredKernel[]> {
    await sweepLeftovers(this.settings.workRoot, {
      keepScratch: this.settings.keepScratch,
      skip: new Set(this.kernels.keys()),
      log: this.log,
    });
    return [];
  }

  /**
   * Session files live in the kernel's work folder on this host; the kernel runs as the agent's
   * user, so what is written is the kernel's without a chown. Symlinks are never followed.
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
      throw new TesseraError('kernel-not-running', 'The kernel is not running on this backend', { kernelId });
    }
    return new HostWorkFolder(live.scratch.workDir);
  }

  /** What the kernel wrote outside the runner protocol (the runner's stderr), the last lines. */
  async kernelLogs(kernelId: string): Promise<string> {
    return this.kernels.get(kernelId)?.process.console.text() ?? '';
  }

  /** CPU time, resident memory and storage I/O of each kernel's process group, from /proc. */
  async measureKernels(kernelIds: string[]): Promise<Record<string, KernelMeasures>> {
    const groups = new Map<string, number>();
    for (const kernelId of kernelIds) {
      const pid = this.kernels.get(kernelId)?.process.pid;
      if (pid !== undefined) groups.set(kernelId, pid);
    }
    return groups.size === 0 ? {} : measureProcessGroups(groups);
  }

  /**
   * For tests of recovery: forgets every kernel as the agent's death (kill -9) would. The pipes to
   * the runners close without a word, so each runner reads the end of its input and exits by
   * itself; processes user code started and the scratch directories stay for the next backend's
   * `recoverKernels`. This instance must not be used afterwards.
   */
  abandonKernels(): void {
    for (const live of this.kernels.values()) live.process.abandon();
    this.kernels.clear();
  }

  /** Destroys every kernel still running (the plugin's stop). */
  async destroyAll(reason: string): Promise<void> {
    await Promise.all([...this.kernels.keys()].map((kernelId) => this.destroyKernel(kernelId, reason)));
  }

  /** This agent process as kernel records name it, so that another agent leaves its kernels alone. */
  private async agentIdentity(): Promise<{ pid: number; startTime: number } | undefined> {
    this.identity ??= readStat(process.pid).then((stat) =>
      stat ? { pid: stat.pid, startTime: stat.startTime } : undefined,
    );
    return this.identity;
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
    await live.restarting?.catch(() => undefined);
    const exitCode = await this.stopProcess(live.process);
    if (!this.settings.keepScratch) await live.scratch.remove();
    this.kernels.delete(kernelId);
    this.log.info('kernel process destroyed', { kernelId, reason, exitCode });
    return exitCode;
  }

  /** Ends a kernel's process group; the scratch directory stays. */
  private async stopProcess(process: KernelProcess): Promise<number | null> {
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
    return exitCode;
  }
}
