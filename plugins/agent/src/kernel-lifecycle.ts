import {
  restartsKernels,
  TesseraError,
  type AgentBackend,
  type BackendKernel,
  type EventBus,
  type EventName,
  type EventPayloads,
  type KernelCreationSpec,
  type KernelDestroyOutcome,
  type CompletionRequest,
  type KernelCommitRequest,
  type KernelCommitStatus,
  type KernelFileArchive,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelTerminal,
  type Logger,
  type RecoveredKernel,
  type ServiceShutdownResult,
  type ServiceStartRequest,
  type ServiceStartResult,
  type TerminalSize,
} from '@tessera/core';
import { AgentErrors } from './agent-errors';
import type { AgentSettings } from './agent-settings';
import { KernelCommits, type StartedCommit } from './commits/kernel-commits';
import type { DeviceAllocator } from './device-allocator';
import { runBatchTask } from './execution/batch-task';
import { CompletionRequester } from './execution/completion-requester';
import { KernelExecutor } from './execution/kernel-executor';
import { ServiceStarter } from './execution/service-starter';
import { KernelFiles } from './files/kernel-files';
import { KernelRegistry, type KernelRecord } from './kernel-registry';
import { KernelTerminals } from './terminals/kernel-terminals';

/** How long the last runs of an ended kernel can still be collected. */
const ENDED_RUN_RETENTION_MS = 60_000;

/**
 * Creates and destroys kernels through the backend, with device allocations and the kernel_*
 * events Backend.AI's manager expects: preparing -> creating -> started, or terminated with
 * `failed-to-start`; terminating -> terminated on destroy; terminated `self-terminated` when a
 * kernel's process ends by itself.
 */
export class KernelLifecycle {
  readonly registry = new KernelRegistry();
  /** Creations under way, by kernel id. */
  private readonly creations = new Map<string, Promise<void>>();
  /**
   * Kernels on their way out whose kernel_terminated is not published yet: still listed in
   * heartbeats, so the manager hears their end from that event (with its reason and exit code)
   * rather than concluding from a heartbeat that they were lost.
   */
  private readonly ending = new Set<string>();
  /**
   * Executors of kernels that ended, kept for a while so a client can still collect the end of a
   * run the kernel's exit cut short (`continue` gets `finished`; new runs get kernel-not-running).
   */
  private readonly endedExecutors = new Map<string, KernelExecutor>();
  private readonly files: KernelFiles;
  private readonly terminals: KernelTerminals;
  private readonly commits: KernelCommits;

  constructor(
    private readonly settings: AgentSettings,
    private readonly backend: AgentBackend,
    private readonly devices: DeviceAllocator,
    private readonly eventBus: EventBus,
    private readonly log: Logger,
  ) {
    this.files = new KernelFiles(backend);
    this.terminals = new KernelTerminals(backend, log);
    this.commits = new KernelCommits(backend, settings.commitDir, log);
  }

  /**
   * The specs this agent does not have yet: a kernel it already runs or is creating is left out, so
   * a create the manager repeats (a retried RPC; the kernel id is the idempotency key) starts
   * nothing twice. Two specs with one id in the same call are refused.
   */
  fresh(specs: KernelCreationSpec[]): KernelCreationSpec[] {
    const seen = new Set<string>();
    for (const { kernelId } of specs) {
      if (seen.has(kernelId)) {
        throw TesseraError.badRequest('invalid-api-params', 'Two kernels of one create share an id', {
          kernelId,
          agentId: this.settings.agentId,
        });
      }
      seen.add(kernelId);
    }
    return specs.filter(({ kernelId }) => !this.creations.has(kernelId) && !this.registry.get(kernelId));
  }

  /**
   * Begins creating a kernel the agent does not have (see `fresh`) and returns the creation, which
   * reports its outcome as events and never rejects.
   */
  begin(spec: KernelCreationSpec): Promise<void> {
    if (this.fresh([spec]).length === 0) {
      throw TesseraError.badRequest('invalid-api-params', 'This agent already has a kernel with this id', {
        kernelId: spec.kernelId,
        agentId: this.settings.agentId,
      });
    }
    this.endedExecutors.delete(spec.kernelId);
    const creation = this.create(spec).finally(() => this.creations.delete(spec.kernelId));
    this.creations.set(spec.kernelId, creation);
    return creation;
  }

  /**
   * Takes over a kernel an earlier process of this agent started (found again by the backend):
   * its devices are restored, its runner gets a new executor, and its end is watched as for any
   * kernel. A kernel whose devices cannot be restored is destroyed instead (`agent-restarted`),
   * so no device is handed out twice; false then.
   */
  async adopt(recovered: RecoveredKernel): Promise<boolean> {
    const { spec, kernel, deviceAllocation } = recovered;
    const log = this.log.child({ kernelId: spec.kernelId, sessionId: spec.sessionId });
    try {
      await this.devices.restore(spec.kernelId, deviceAllocation);
    } catch (error) {
      log.error('devices of a recovered kernel cannot be restored; destroying it', {
        error: (error as Error).message,
        deviceAllocation,
      });
      await this.backend.destroyKernel(spec.kernelId, 'agent-restarted').catch(() => null);
      return false;
    }
    this.track(spec, kernel, log);
    log.info('kernel recovered', { containerId: kernel.containerId, image: spec.image });
    return true;
  }

  /** Kernel ids running and not on their way out (what stats are taken of). */
  runningKernelIds(): string[] {
    return this.registry.ids().filter((kernelId) => !this.registry.get(kernelId)?.ending);
  }

  /** Kernel ids being created, running, or ending without their kernel_terminated published yet. */
  kernelIds(): string[] {
    return [...new Set([...this.creations.keys(), ...this.registry.ids(), ...this.ending])];
  }

  private async create(spec: KernelCreationSpec): Promise<void> {
    const { kernelId, sessionId } = spec;
    const log = this.log.child({ kernelId, sessionId });
    let allocated = false;
    try {
      await this.publish('kernel_preparing', { kernelId, sessionId });
      const outcome = await this.devices.allocate(kernelId, spec.resourceSlots, {
        allowFractionalResourceFragmentation: spec.allowFractionalResourceFragmentation,
      });
      if ('failure' in outcome) {
        throw new TesseraError(
          'session-start-failed',
          `Cannot allocate devices: ${outcome.failure}`,
          outcome.details,
        );
      }
      allocated = true;
      await this.publish('kernel_creating', { kernelId, sessionId });
      const kernel = await this.backend.createKernel(spec, {
        environ: outcome.devices.environ,
        resourceData: outcome.devices.resourceData,
        deviceAllocation: outcome.devices.allocation,
        ...(outcome.devices.container ? { container: outcome.devices.container } : {}),
      });
      const record = this.track(spec, kernel, log);
      log.info('kernel started', { containerId: kernel.containerId, image: spec.image });
      await this.publish('kernel_started', {
        sessionId,
        info: {
          kernelId,
          containerId: kernel.containerId,
          servicePorts: kernel.servicePorts,
          deviceAllocation: outcome.devices.allocation,
          kernelHost: kernel.kernelHost,
        },
      });
      if (spec.sessionType === 'batch' && spec.cluster.role === 'main' && spec.startupCommand)
        void this.runBatch(record, spec.startupCommand);
    } catch (error) {
      if (allocated) await this.devices.release(kernelId);
      log.error('kernel failed to start', {
        error: (error as Error).message,
        code: error instanceof TesseraError ? error.code : undefined,
        details: error instanceof TesseraError ? error.details : undefined,
      });
      await this.publish('kernel_terminated', {
        kernelId,
        sessionId,
        reason: 'failed-to-start',
        exitCode: null,
      });
    }
  }

  /**
   * Destroys a kernel; resolves once it is gone. A kernel still being created is destroyed as
   * soon as its creation ends. An unknown kernel is already gone: `not-found`, and no event.
   */
  destroy(kernelId: string, reason: string): Promise<KernelDestroyOutcome> {
    const creation = this.creations.get(kernelId);
    if (creation) return creation.then(() => this.destroy(kernelId, reason));
    const record = this.registry.get(kernelId);
    if (!record) return Promise.resolve('not-found');
    record.destroying ??= this.runDestroy(record, reason || 'user-requested');
    return record.destroying.then(() => 'destroyed');
  }

  /** The executor of a running (or just ended) kernel, or `kernel-not-running`. */
  executorOf(kernelId: string): KernelExecutor {
    const record = this.registry.get(kernelId);
    if (record && !record.ending) return record.executor;
    const ended = this.endedExecutors.get(kernelId);
    if (ended) return ended;
    throw new TesseraError('kernel-not-running', 'The kernel is not running on this agent', {
      kernelId,
      agentId: this.settings.agentId,
    });
  }

  /** Registers a running kernel and watches for it to end by itself. */
  private track(spec: KernelCreationSpec, kernel: BackendKernel, log: Logger): KernelRecord {
    const record: KernelRecord = {
      spec,
      kernel,
      executor: this.executorFor(spec.kernelId, kernel, log),
      services: new ServiceStarter(kernel.runner),
      completions: new CompletionRequester(kernel.runner),
      ending: false,
    };
    this.registry.add(record);
    this.watchExit(record, kernel);
    return record;
  }

  /**
   * An executor for the kernel's runner, with the agent's execution timeout: a run that exceeds it
   * destroys the kernel with reason `exec-timeout` (Backend.AI's), ending the session.
   */
  private executorFor(kernelId: string, kernel: BackendKernel, log: Logger): KernelExecutor {
    const executor: KernelExecutor = new KernelExecutor(kernel.runner, this.settings.flushIntervalMs, log, {
      ms: this.settings.execTimeoutMs,
      onTimeout: (runId) => {
        const record = this.registry.get(kernelId);
        if (!record || record.executor !== executor || record.ending || record.restarting) return;
        log.info('run timed out; destroying the kernel', {
          runId,
          execTimeoutMs: this.settings.execTimeoutMs,
        });
        record.destroying ??= this.runDestroy(record, 'exec-timeout');
      },
    });
    return executor;
  }

  /** Takes `kernel` ending as the kernel's end, unless a restart has replaced it (or is doing so). */
  private watchExit(record: KernelRecord, kernel: BackendKernel): void {
    void kernel.exited.then((exitCode) => {
      if (record.kernel !== kernel || record.restarting) return;
      return this.exitedByItself(record, exitCode);
    });
  }

  /**
   * Restarts a running kernel in place through the backend (Backend.AI's restart_kernel): its
   * runs end, its terminals close, its runner and what runs in it start again with /home/work
   * kept. Resolves once the new runner is ready; concurrent calls share one restart. A kernel the
   * backend cannot bring back is destroyed (`failed-to-start`) and the call fails.
   */
  restart(kernelId: string): Promise<void> {
    const record = this.runningRecord(kernelId);
    if (!restartsKernels(this.backend)) throw AgentErrors.notSupported(this.backend.name, 'kernel restarts');
    record.restarting ??= this.runRestart(record).finally(() => (record.restarting = undefined));
    return record.restarting;
  }

  private async runRestart(record: KernelRecord): Promise<void> {
    const backend = this.backend as AgentBackend & {
      restartKernel(kernelId: string): Promise<BackendKernel>;
    };
    const { kernelId, sessionId } = record.spec;
    const log = this.log.child({ kernelId, sessionId });
    log.info('kernel restarting');
    record.executor.kernelGone(null, 'The kernel was restarted before the run finished.');
    await this.terminals.closeAll(kernelId);
    let kernel: BackendKernel;
    try {
      kernel = await backend.restartKernel(kernelId);
    } catch (error) {
      log.error('kernel restart failed; ending the kernel', { error: (error as Error).message });
      record.restarting = undefined;
      if (!record.ending) {
        record.destroying ??= this.runDestroy(record, 'failed-to-start');
        await record.destroying;
      }
      throw error;
    }
    if (record.ending) {
      await backend.destroyKernel(kernelId, 'user-requested').catch(() => null);
      throw new TesseraError('kernel-not-running', 'The kernel was destroyed while it restarted', {
        kernelId,
      });
    }
    record.kernel = kernel;
    record.executor = this.executorFor(kernelId, kernel, log);
    record.services = new ServiceStarter(kernel.runner);
    record.completions = new CompletionRequester(kernel.runner);
    record.restarting = undefined;
    this.watchExit(record, kernel);
    log.info('kernel restarted', { containerId: kernel.containerId });
  }

  /** Opens a shell on a pty in a running kernel (see KernelTerminals). */
  openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    const record = this.runningRecord(kernelId);
    return this.terminals.openFor(
      kernelId,
      size,
      () => this.registry.get(kernelId) === record && !record.ending,
    );
  }

  /** Starts one of a running kernel's services through its runner. */
  async startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult> {
    const record = this.runningRecord(kernelId);
    return record.services.start(request, record.kernel.servicePorts);
  }

  /** Stops one of a running kernel's services through its runner. */
  async shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult> {
    const record = this.runningRecord(kernelId);
    return record.services.stop(service, record.kernel.servicePorts);
  }

  /** The kernel's console log from the backend. */
  async kernelLogs(kernelId: string): Promise<string> {
    this.runningRecord(kernelId);
    return this.backend.kernelLogs(kernelId);
  }

  /** Completions from a running kernel's runner (`[]` when it has none or does not answer in time). */
  complete(kernelId: string, request: CompletionRequest): Promise<string[]> {
    return this.runningRecord(kernelId).completions.complete(request);
  }

  /** Writes files into a running kernel's /home/work. */
  uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    this.runningRecord(kernelId);
    return this.files.upload(kernelId, files);
  }

  listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    this.runningRecord(kernelId);
    return this.files.list(kernelId, path);
  }

  downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    this.runningRecord(kernelId);
    return this.files.download(kernelId, paths);
  }

  /** Starts committing a running kernel to an image archive (see KernelCommits); the work goes on after. */
  commit(kernelId: string, request: KernelCommitRequest): StartedCommit {
    this.runningRecord(kernelId);
    return this.commits.start(kernelId, request);
  }

  commitStatus(kernelId: string): KernelCommitStatus {
    return this.commits.status(kernelId);
  }

  /** At start: what commits of an earlier agent process left half-written (see KernelCommits). */
  removeLeftoverCommits(): Promise<string[]> {
    return this.commits.removeLeftoverPartials();
  }

  private runningRecord(kernelId: string): KernelRecord {
    const record = this.registry.get(kernelId);
    if (record && !record.ending) return record;
    throw new TesseraError('kernel-not-running', 'The kernel is not running on this agent', {
      kernelId,
      agentId: this.settings.agentId,
    });
  }

  /**
   * A batch session's task: the startup command runs in the main kernel, and when it ends the
   * kernel is destroyed with `task-finished` (exit code 0) or `task-failed`, reporting the
   * command's exit code, from which the manager sets the session's result.
   */
  private async runBatch(record: KernelRecord, command: string): Promise<void> {
    const { kernelId, sessionId } = record.spec;
    let exitCode: number | null;
    try {
      exitCode = await runBatchTask(record.executor, command, () => record.ending);
    } catch (error) {
      this.log.error('batch task failed to run', { kernelId, sessionId, error: (error as Error).message });
      exitCode = null;
    }
    if (record.ending) return; // destroyed or exited meanwhile: that path reports the end
    const reason = exitCode === 0 ? 'task-finished' : 'task-failed';
    this.log.info('batch task finished', { kernelId, sessionId, exitCode });
    record.destroying ??= this.runDestroy(record, reason, exitCode ?? undefined);
    await record.destroying;
  }

  private async runDestroy(record: KernelRecord, reason: string, taskExitCode?: number): Promise<void> {
    const { kernelId, sessionId } = record.spec;
    record.ending = true;
    this.ending.add(kernelId);
    await this.publish('kernel_terminating', { kernelId, sessionId, reason });
    let exitCode: number | null = null;
    try {
      exitCode = await this.backend.destroyKernel(kernelId, reason);
    } catch (error) {
      this.log.error('kernel destroy failed', { kernelId, sessionId, error: (error as Error).message });
    }
    if (taskExitCode !== undefined) exitCode = taskExitCode;
    this.retire(record, exitCode);
    await this.devices.release(kernelId);
    this.log.info('kernel destroyed', { kernelId, sessionId, reason, exitCode });
    await this.publish('kernel_terminated', { kernelId, sessionId, reason, exitCode });
    this.ending.delete(kernelId);
  }

  private async exitedByItself(record: KernelRecord, exitCode: number | null): Promise<void> {
    if (record.ending) return; // a destroy is under way and reports the end itself
    const { kernelId, sessionId } = record.spec;
    record.ending = true;
    this.ending.add(kernelId);
    this.retire(record, exitCode);
    await this.devices.release(kernelId);
    try {
      await this.backend.destroyKernel(kernelId, 'self-terminated'); // frees the scratch space
    } catch (error) {
      this.log.warn('cleanup of an exited kernel failed', { kernelId, error: (error as Error).message });
    }
    const reason = record.kernel.endReason?.() ?? 'self-terminated';
    this.log.info('kernel exited by itself', { kernelId, sessionId, exitCode, reason });
    await this.publish('kernel_terminated', { kernelId, sessionId, reason, exitCode });
    this.ending.delete(kernelId);
  }

  /** Ends the kernel's runs and moves its executor to the ended ones for ENDED_RUN_RETENTION_MS. */
  private retire(record: KernelRecord, exitCode: number | null): void {
    const { kernelId } = record.spec;
    record.executor.kernelGone(exitCode);
    void this.terminals.closeAll(kernelId);
    this.registry.remove(kernelId);
    this.endedExecutors.set(kernelId, record.executor);
    setTimeout(() => this.endedExecutors.delete(kernelId), ENDED_RUN_RETENTION_MS).unref();
  }

  private async publish<N extends EventName>(name: N, payload: EventPayloads[N]): Promise<void> {
    try {
      await this.eventBus.publish(name, payload, this.settings.agentId);
    } catch (error) {
      this.log.error('event publish failed', { event: name, error: (error as Error).message });
    }
  }
}
