import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostWorkFolder } from '@tessera/agent';
import { FakeTerminal } from '../../agent-rpc-http/fake-terminal';
import {
  KERNEL_FILE_LIMITS,
  TesseraError,
  workRelativePath,
  type AgentInfo,
  type AgentRpc,
  type CompletionRequest,
  type KernelCommitRequest,
  type KernelCommitStarted,
  type KernelCommitStatus,
  type KernelFileArchive,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelTerminal,
  type TerminalSize,
  EventBus,
  ExecuteRequest,
  ExecutionResult,
  KernelCreationSpec,
  KernelDestroyOutcome,
  ServiceShutdownResult,
  ServiceStartRequest,
  ServiceStartResult,
} from '@tessera/core';

/** Names the scripted runner completes from (a few of Python's builtins). */
const COMPLETION_WORDS = ['print', 'property', 'pow', 'range', 'repr', 'reversed', 'round'];

/**
 * Stands in for an agent in the manager's tests (the end-to-end test with the real agent is the
 * lead's): heartbeats over the real event bus, is reached through the kernel's AgentRpcDirectory,
 * and reports kernel progress with the events a real agent sends. Tests script failures.
 */
export class ScriptedAgent implements AgentRpc {
  readonly created: KernelCreationSpec[][] = [];
  readonly destroyed: Array<{ kernelId: string; reason: string }> = [];
  readonly executed: Array<{ kernelId: string; request: ExecuteRequest }> = [];
  /** Kernel ids interruptKernel was called for, in order. */
  readonly interrupted: string[] = [];
  /** When set, createKernels rejects with this message. */
  refuseCreation: string | null = null;
  /** When false, accepted kernels stay where the manager put them (no kernel_* progress events). */
  startsKernels = true;
  private readonly sessionOf = new Map<string, string>();

  constructor(
    private readonly bus: EventBus,
    readonly agentId: string,
    private readonly slots: Record<string, string> = { cpu: '4', mem: '8589934592' },
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
      images: [
        {
          name: 'cr.backend.ai/stable/python:3.12-ubuntu24.04',
          architecture: 'x86_64',
          labels: { 'ai.backend.service-ports': 'jupyter:http:8090' },
        },
        {
          name: 'cr.backend.ai/stable/r-base:4.4',
          architecture: 'x86_64',
          labels: { 'ai.backend.resource.min.mem': '2g' },
        },
      ],
      computePlugins: {},
    };
  }

  /**
   * Kernels this agent holds: created and not destroyed (as a real agent lists them in its
   * heartbeats). Tests take one out to play a kernel that vanished without a word.
   */
  readonly held = new Set<string>();
  /** When true, heartbeats list `held` in `kernels` (agents that predate the list do not). */
  listsKernels = false;

  heartbeat(): Promise<void> {
    const info = this.info();
    if (this.listsKernels) info.kernels = [...this.held];
    return this.bus.publish('agent_heartbeat', info, this.agentId);
  }

  async ping(): Promise<{ agentId: string }> {
    return { agentId: this.agentId };
  }

  async createKernels(kernels: KernelCreationSpec[]): Promise<void> {
    this.created.push(kernels);
    if (this.refuseCreation) throw new Error(this.refuseCreation);
    for (const spec of kernels) {
      this.sessionOf.set(spec.kernelId, spec.sessionId);
      this.held.add(spec.kernelId);
    }
    if (this.startsKernels) setImmediate(() => void this.start(kernels));
  }

  /** Every start-service call, and what the next ones answer. */
  readonly serviceStarts: Array<{ kernelId: string; request: ServiceStartRequest }> = [];
  serviceStartResult: ServiceStartResult = { status: 'started' };

  async startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult> {
    this.serviceStarts.push({ kernelId, request });
    return this.serviceStartResult;
  }

  /** Every shutdown-service call, and what the next ones answer. */
  readonly serviceShutdowns: Array<{ kernelId: string; service: string }> = [];
  serviceShutdownResult: ServiceShutdownResult = { status: 'stopped' };

  async shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult> {
    this.serviceShutdowns.push({ kernelId, service });
    return this.serviceShutdownResult;
  }

  /** A recognisable log per kernel: `log of <kernel id>`. */
  async kernelLogs(kernelId: string): Promise<string> {
    return `log of ${kernelId}\n`;
  }

  /** Kernels this agent no longer has (as after a restart): destroying one answers `not-found`. */
  readonly forgotten = new Set<string>();

  async destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome> {
    this.destroyed.push({ kernelId, reason });
    this.held.delete(kernelId);
    if (this.forgotten.has(kernelId)) return 'not-found';
    const sessionId = this.sessionOf.get(kernelId) ?? kernelId;
    setImmediate(
      () =>
        void this.bus.publish(
          'kernel_terminated',
          { kernelId, sessionId, reason, exitCode: 0 },
          this.agentId,
        ),
    );
    return 'destroyed';
  }

  async execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    this.executed.push({ kernelId, request });
    return {
      runId: request.runId,
      status: 'finished',
      console: [['stdout', `ran: ${request.code}\n`]],
      exitCode: 0,
      options: null,
      files: [],
    };
  }

  async interruptKernel(kernelId: string): Promise<void> {
    this.interrupted.push(kernelId);
  }

  /** Every completion request, in order. */
  readonly completions: Array<{ kernelId: string; request: CompletionRequest }> = [];

  /** Completes the trailing name of `code` from COMPLETION_WORDS, as a Python runner would. */
  async complete(kernelId: string, request: CompletionRequest): Promise<string[]> {
    this.completions.push({ kernelId, request });
    const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(request.code)?.[0];
    return word ? COMPLETION_WORDS.filter((candidate) => candidate.startsWith(word)) : [];
  }

  /**
   * Each kernel's /home/work is a real temporary folder on this host, handled by the agent's own
   * HostWorkFolder, so session-file tests exercise real files, limits and symlink refusals.
   */
  private filesRoot: string | undefined;

  /** The host folder standing for a kernel's /home/work (created on first use). */
  workFolderOf(kernelId: string): string {
    this.filesRoot ??= mkdtempSync(join(tmpdir(), 'tessera-scripted-agent-'));
    const folder = join(this.filesRoot, kernelId);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  /** Removes the kernels' work folders. */
  removeWorkFolders(): void {
    if (this.filesRoot) rmSync(this.filesRoot, { recursive: true, force: true });
    this.filesRoot = undefined;
  }

  async uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    const writes = files.map((file) => {
      const content = Buffer.from(file.content, 'base64');
      if (content.length > KERNEL_FILE_LIMITS.maxFileBytes) throw invalidPath(file.path);
      return { path: checkedPath(file.path), content };
    });
    await new HostWorkFolder(this.workFolderOf(kernelId)).write(writes);
  }

  listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    return new HostWorkFolder(this.workFolderOf(kernelId)).list(checkedPath(path));
  }

  async downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    const archive = await new HostWorkFolder(this.workFolderOf(kernelId)).archive(paths.map(checkedPath));
    return { archive: archive.toString('base64'), size: archive.length };
  }

  /** Kernel ids restartKernel was called for, in order. */
  readonly restarted: string[] = [];
  /** Every terminal opened (an echoing stand-in), in order. */
  readonly terminals: FakeTerminal[] = [];

  async restartKernel(kernelId: string): Promise<void> {
    this.restarted.push(kernelId);
  }

  /** Kernel ids commit was called for, in order; the scripted agent writes no archive. */
  readonly committed: string[] = [];

  async commit(kernelId: string, request: KernelCommitRequest): Promise<KernelCommitStarted> {
    this.committed.push(kernelId);
    const path = `${request.email}/${request.filename}`;
    return { kernelId, path, location: `/scripted/commit/${path}` };
  }

  async getCommitStatus(): Promise<{ status: KernelCommitStatus }> {
    return { status: 'ready' };
  }

  async openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    const terminal = new FakeTerminal(kernelId, size);
    this.terminals.push(terminal);
    return terminal;
  }

  private async start(kernels: KernelCreationSpec[]): Promise<void> {
    for (const spec of kernels) {
      const ids = { kernelId: spec.kernelId, sessionId: spec.sessionId };
      await this.bus.publish('kernel_preparing', ids, this.agentId);
      await this.bus.publish('kernel_creating', ids, this.agentId);
      await this.bus.publish(
        'kernel_started',
        {
          sessionId: spec.sessionId,
          info: {
            kernelId: spec.kernelId,
            containerId: `proc-${spec.kernelId.slice(0, 8)}`,
            servicePorts: [
              {
                name: 'jupyter',
                protocol: 'http',
                containerPorts: [8090],
                hostPorts: [30001],
                isInference: false,
              },
            ],
            deviceAllocation: {},
            kernelHost: '127.0.0.1',
          },
        },
        this.agentId,
      );
    }
  }
}

function checkedPath(path: string): string {
  const relative = workRelativePath(path);
  if (relative === null) throw invalidPath(path);
  return relative;
}

function invalidPath(path: string): TesseraError {
  return TesseraError.badRequest('invalid-api-params', `the scripted agent refuses ${path}`, { path });
}
