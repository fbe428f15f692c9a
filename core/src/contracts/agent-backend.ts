import type { DeviceAllocation, KernelCreationSpec, ServicePort } from '../domain/kernel-spec';
import type { AcceleratorContainerOptions } from './accelerator';
import type { KernelFileListing } from './agent-rpc';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/**
 * A message to or from the kernel runner: `op` mirrors the runner protocol's first frame (`code`,
 * `input`, `interrupt`, `complete`, ... inbound; `stdout`, `stderr`, `media`, `finished`,
 * `waiting-input`, ... outbound), `data` the second.
 */
export interface RunnerMessage {
  op: string;
  data: unknown;
}

/** A connection to one kernel's runner, whatever carries it (pipes, a socket, a container attach). */
export interface RunnerChannel {
  send(message: RunnerMessage): void;
  onMessage(listener: (message: RunnerMessage) => void): void;
  /** Resolves once the runner has said it is ready. */
  ready(): Promise<void>;
  close(): void;
}

export interface BackendImage {
  /** Canonical image reference users pass (`python:3`). */
  name: string;
  architecture: string;
  labels: Record<string, string>;
}

export interface BackendKernel {
  kernelId: string;
  /** The container id or process id the backend knows the kernel by. */
  containerId: string;
  /** Host the kernel's service ports are reachable on. */
  kernelHost: string;
  servicePorts: ServicePort[];
  runner: RunnerChannel;
  /** Resolves with the exit code when the kernel ends by itself or is destroyed. */
  exited: Promise<number | null>;
  /**
   * Why the kernel ended by itself, once `exited` has resolved, when the backend knows better than
   * `self-terminated`: `out-of-memory` when the kernel was killed for passing its memory limit.
   */
  endReason?(): string | undefined;
}

export interface BackendCapabilities {
  /** True when kernels are isolated containers (docker); false for host processes. */
  isolation: 'container' | 'process' | 'vm';
  servicePorts: boolean;
  pty: boolean;
  /** Whether kernels outlive the agent's process and `recoverKernels` finds them again. */
  survivesRestart: boolean;
}

/** Rows and columns of a terminal. */
export interface TerminalSize {
  rows: number;
  cols: number;
}

/**
 * An interactive shell on a pseudo-terminal inside a kernel (the terminal stream's far end): what
 * is written goes to the shell's input; its output, the tty's, comes out as bytes. `exited`
 * resolves when the shell ends (by itself or `close`); a restart is `close` and a new terminal.
 */
export interface KernelTerminal {
  onOutput(listener: (chunk: Buffer) => void): void;
  write(data: string | Buffer): void;
  resize(size: TerminalSize): Promise<void>;
  close(): Promise<void>;
  exited: Promise<number | null>;
}

/** What the agent hands the backend beside the spec: the accelerators' part of the kernel. */
export interface KernelCreationExtra {
  /** Environment variables from the accelerators (`CUDA_VISIBLE_DEVICES`, ...). */
  environ: Record<string, string>;
  /** `resource.txt` entries from the accelerators. */
  resourceData: Record<string, string>;
  /**
   * Every accelerator's container options merged (device requests, device nodes, mounts, ...):
   * container backends apply them; others ignore them.
   */
  container?: AcceleratorContainerOptions;
  /**
   * The devices the kernel got. The backend keeps it with the kernel (container labels, a file
   * beside it) and gives it back from `recoverKernels`, so a restarted agent restores it.
   */
  deviceAllocation: DeviceAllocation;
}

/** A kernel found again after the agent restarted, with what it was created from. */
export interface RecoveredKernel {
  spec: KernelCreationSpec;
  deviceAllocation: DeviceAllocation;
  kernel: BackendKernel;
}

/**
 * Raw resource measures of one kernel at one instant, as counters and gauges; the agent turns
 * them into Backend.AI's `last_stat` (rates and percentages from two samples). Absent fields are
 * measures the backend cannot take.
 */
export interface KernelMeasures {
  /** CPU time used since the kernel started, in milliseconds. */
  cpuUsedMs?: number;
  /** The CPU limit in cores (quota / period, or the cpuset size), if any. */
  cpuLimit?: number;
  memBytes?: number;
  /** Highest memory use seen (cgroup max_usage / memory.peak). */
  memPeakBytes?: number;
  memLimitBytes?: number;
  netRxBytes?: number;
  netTxBytes?: number;
  ioReadBytes?: number;
  ioWriteBytes?: number;
}

/** A file to write into a kernel's /home/work, its path already made relative by `workRelativePath`. */
export interface KernelFileWrite {
  path: string;
  content: Buffer;
}

/**
 * agent-backend/v2: how an agent runs kernels (docker containers, host processes, ...). The agent
 * calls `recoverKernels` once at start (before any create), `scanImages` at start and on demand,
 * `createKernel` with the spec plus what the accelerators produced, and `destroyKernel`
 * (idempotent: destroying a gone kernel resolves). v2 added recovery, logs and measures.
 */
export interface AgentBackend {
  readonly name: string;
  capabilities(): BackendCapabilities;
  scanImages(): Promise<BackendImage[]>;
  createKernel(spec: KernelCreationSpec, extra: KernelCreationExtra): Promise<BackendKernel>;
  destroyKernel(kernelId: string, reason: string): Promise<number | null>;
  /**
   * Kernels an earlier process of this agent left running, re-attached (runner channel, exit
   * watch). What cannot be re-attached is removed and not returned; whatever else an earlier
   * process left behind (scratch space, networks) is cleaned up. Backends whose kernels die with
   * the agent answer with an empty list after their clean-up.
   */
  recoverKernels(): Promise<RecoveredKernel[]>;
  /** The kernel's console output outside the runner protocol (container logs), oldest first. */
  kernelLogs(kernelId: string): Promise<string>;
  /** Measures of the given running kernels; kernels it does not know are left out. */
  measureKernels(kernelIds: string[]): Promise<Record<string, KernelMeasures>>;
  /**
   * Opens a shell on a pty in a running kernel, as the kernel's user in its working directory.
   * Present when `capabilities().pty`; an unknown kernel fails with `kernel-not-running`.
   */
  openTerminal?(kernelId: string, size: TerminalSize): Promise<KernelTerminal>;
  /**
   * Session files (optional; the agent answers `not-supported` for a backend without them). Paths
   * come relative to /home/work, already checked lexically by the agent (`workRelativePath`); the
   * backend refuses (`invalid-api-params`) any path that leads out of /home/work through a symlink
   * on the way, since the kernel's user can plant symlinks. `uploadFiles` overwrites, creates
   * missing folders, and leaves what it writes to the kernel's user; `listFiles` answers a folder's
   * entries (`object-not-found` when it is missing); `downloadFiles` answers a tar archive of the
   * paths (folders with their contents, symlinks as links), at most KERNEL_FILE_LIMITS.maxArchiveBytes.
   * An unknown kernel fails with `kernel-not-running`.
   */
  uploadFiles?(kernelId: string, files: KernelFileWrite[]): Promise<void>;
  listFiles?(kernelId: string, path: string): Promise<KernelFileListing>;
  downloadFiles?(kernelId: string, paths: string[]): Promise<Buffer>;
  /**
   * Commits a running kernel (optional; container backends): its container's filesystem becomes
   * an image, saved as a gzipped image archive (`docker save`'s tar, with its manifest.json) at
   * `destination`, an absolute path whose folder exists. The file appears under that name only
   * once complete (written under a temporary name, then renamed); the intermediate image is
   * removed afterwards. Resolves when the file is complete. The agent calls it at most once at a
   * time per kernel; a backend that is called again meanwhile refuses. An unknown kernel fails
   * with `kernel-not-running`. The agent refuses commits with `commit-not-supported` for a
   * backend without it.
   */
  commitKernel?(kernelId: string, destination: string): Promise<void>;
}

export const AgentBackendRegistry = contractToken<NamedRegistry<AgentBackend>>('agent-backend');
