import type { ExecuteRequest, ExecutionResult } from '../domain/execution';
import type { KernelCreationSpec } from '../domain/kernel-spec';
import type { KernelTerminal, TerminalSize } from './agent-backend';
import { contractToken } from './token';

/** What `destroyKernel` found: the kernel was there and is gone now, or the agent did not have it. */
export type KernelDestroyOutcome = 'destroyed' | 'not-found';

/** A request to start one of a kernel's services (Backend.AI's `start_service`). */
export interface ServiceStartRequest {
  /** Service name as the image declares it (`jupyter`). */
  service: string;
  /** Extra command-line arguments and environment for the service process. */
  args?: Record<string, string>;
  envs?: Record<string, string>;
}

/** `started` now, `already-running`, or `failed` with the reason (Backend.AI's result field). */
export interface ServiceStartResult {
  status: 'started' | 'already-running' | 'failed';
  error?: string;
}

/**
 * What `shutdownService` found: the runner `stopped` the service, or it was `not-running` (never
 * started, already stopped, or exited by itself). Stopping is idempotent, so both leave the
 * service down.
 */
export interface ServiceShutdownResult {
  status: 'stopped' | 'not-running';
}

/**
 * What `commit` is asked to write (Backend.AI's `commit(kernel_id, subdir, filename)`): the
 * archive goes to `<commit dir>/<email>/<filename>` on the agent's host. Both are single path
 * segments; the agent refuses anything else with `invalid-api-params` naming the field.
 */
export interface KernelCommitRequest {
  /** The session owner's e-mail: the per-user folder under the agent's commit directory. */
  email: string;
  /** The archive's file name (`<time>_<session>_<image>.tar.gz`). */
  filename: string;
}

/** What `commit` answers once the commit has started (it goes on in the background). */
export interface KernelCommitStarted {
  kernelId: string;
  /** Where the archive goes, relative to the agent's commit directory (`<email>/<filename>`). */
  path: string;
  /** The same file as an absolute path on the agent's host. */
  location: string;
}

/**
 * A kernel's commit status as the agent sees it (Backend.AI's CommitStatus): `ongoing` while a
 * commit of the kernel runs on this agent, `ready` otherwise (none ever ran, or the last ended).
 */
export type KernelCommitStatus = 'ongoing' | 'ready';

/** Where a kernel's files live (Backend.AI's /home/work); session-file paths are taken under it. */
export const KERNEL_WORK_DIR = '/home/work';

/**
 * Bounds of the session-file calls. The manager enforces the API's limits (api-spec §3.3, §4.5) and
 * the agent checks them again; the per-call sums keep one call's JSON (base64 contents) well under a
 * transport's body limit, so the manager splits a large upload over several calls.
 */
export const KERNEL_FILE_LIMITS = {
  /** Largest file an upload carries, in bytes (1 MiB). */
  maxFileBytes: 1_048_576,
  /** Files per upload request. */
  maxUploadFiles: 20,
  /** Sum of the contents one `uploadFiles` call carries, in bytes. */
  maxUploadBytesPerCall: 4 * 1_048_576,
  /** Paths per download request. */
  maxDownloadPaths: 5,
  /** Largest tar archive one `downloadFiles` call answers, in bytes. */
  maxArchiveBytes: 4 * 1_048_576,
  /** Entries one `listFiles` answers at most (the rest is reported in `errors`). */
  maxListEntries: 10_000,
} as const;

/**
 * A session-file path as the kernel sees it (absolute under /home/work, or relative to it), made
 * relative to /home/work and normalised: `''` is /home/work itself. Null when the path leaves
 * /home/work (`..`, another absolute path), is empty where a file is meant, or holds a NUL byte.
 * This is a lexical check only; whoever touches the files also refuses symlinks that lead out.
 */
export function workRelativePath(path: string): string | null {
  if (typeof path !== 'string' || path.includes('\0')) return null;
  const absolute = path.startsWith('/') ? path : `${KERNEL_WORK_DIR}/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  const root = KERNEL_WORK_DIR.split('/').filter(Boolean);
  if (parts.length < root.length || root.some((segment, index) => parts[index] !== segment)) return null;
  return parts.slice(root.length).join('/');
}

/** A file to write into a kernel's /home/work: `path` as `workRelativePath` takes it, contents in base64. */
export interface KernelFileUpload {
  path: string;
  content: string;
}

/** One entry of a kernel's folder, with the fields of Backend.AI's list_files (times in seconds). */
export interface KernelFileEntry {
  filename: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  /** `ls -l` style, as Python's `stat.filemode` (`-rw-r--r--`). */
  mode: string;
  ctime: number;
  mtime: number;
  atime: number;
}

/** A kernel folder's entries; `errors` says what could not be read (Backend.AI's stderr of the scan). */
export interface KernelFileListing {
  /** The folder's absolute path in the kernel (`/home/work/data`). */
  path: string;
  files: KernelFileEntry[];
  errors: string[];
}

/** What `downloadFiles` answers: one tar archive of the paths asked for, in base64. */
export interface KernelFileArchive {
  archive: string;
  /** The archive's size in bytes (before base64). */
  size: number;
}

/** A completion request (api-spec §3.2): the code up to the cursor, and the editor's context. */
export interface CompletionRequest {
  code: string;
  options?: Record<string, unknown>;
}

/**
 * The manager's calls into one agent (Backend.AI's agent RPC). `createKernels` returns once the
 * agent has accepted the work; progress arrives as kernel_* events. It is idempotent by kernel id:
 * a kernel the agent already has or is creating is not created again, so a transport may retry it.
 * `destroyKernel` returns once the kernel is gone, saying whether the agent had it: `not-found`
 * (it ended before, or the agent restarted without it) publishes no kernel event, so the caller
 * ends the kernel itself. `execute` follows the execute API (one call per `continue`) and is never
 * retried by a transport.
 *
 * The session-file calls act on a kernel's /home/work (api-spec §3.3): `uploadFiles` writes files
 * (overwriting, creating missing folders; at most KERNEL_FILE_LIMITS per call), `listFiles` lists a
 * folder, `downloadFiles` answers a tar archive of the paths. Paths outside /home/work, or through a
 * symlink that leads out of it, fail with `invalid-api-params`; a missing path with
 * `object-not-found`; a backend that cannot reach kernel files with `not-supported`. `complete`
 * asks the kernel's runner for completions (`[]` when it has none or does not answer in time). All
 * four are idempotent: an upload repeated writes the same contents.
 *
 * `openTerminal` is the one streaming call: it opens a shell on a pty in a running kernel and
 * answers a duplex handle (output chunks, `write`, `resize`, `close`, `exited`). In process the
 * handle is the agent's own object; a transport carries it over a connection of its own (a
 * WebSocket for `http://`). Either side ending ends the other: `close` ends the shell, and the
 * shell ending (or the kernel being destroyed, or the connection dropping) resolves `exited`.
 * A backend without terminals fails with `not-supported`, an unknown kernel with
 * `kernel-not-running`. Never retried by a transport.
 *
 * `shutdownService` stops a service `startService` started (Backend.AI's `shutdown_service`); a
 * service the kernel does not declare fails with `object-not-found` naming it. Idempotent: a
 * repeat answers `not-running`.
 *
 * `restartKernel` wipes a kernel's global state (Backend.AI's `restart_kernel`): the kernel's
 * runner, and whatever runs in the kernel, is stopped and started again, keeping /home/work and
 * the kernel's id. It resolves once the new runner is ready; runs in progress end. Not
 * idempotent (a repeat wipes again), so a transport never sends it twice.
 *
 * `commit` saves a running kernel's container as an image archive (a gzipped `docker save` tar)
 * under the agent's commit directory (Backend.AI's `commit`). It returns once the commit has
 * started; the work goes on in the background and `getCommitStatus` says `ongoing` until it
 * ends. A kernel already being committed fails with `commit-in-progress` (409), a backend that
 * cannot commit (host processes) with `commit-not-supported` (400), an unknown kernel with
 * `kernel-not-running`. Not idempotent (a repeat is refused while the first runs), so a transport
 * never sends it twice. `getCommitStatus` only reads, and answers for any kernel id.
 */
export interface AgentRpc {
  ping(): Promise<{ agentId: string }>;
  createKernels(kernels: KernelCreationSpec[]): Promise<void>;
  destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome>;
  execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult>;
  interruptKernel(kernelId: string): Promise<void>;
  startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult>;
  shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult>;
  /** The kernel's console log (container logs), as Backend.AI's `get_logs`. */
  kernelLogs(kernelId: string): Promise<string>;
  complete(kernelId: string, request: CompletionRequest): Promise<string[]>;
  uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void>;
  listFiles(kernelId: string, path: string): Promise<KernelFileListing>;
  downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive>;
  restartKernel(kernelId: string): Promise<void>;
  commit(kernelId: string, request: KernelCommitRequest): Promise<KernelCommitStarted>;
  getCommitStatus(kernelId: string): Promise<{ status: KernelCommitStatus }>;
  openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal>;
}

/**
 * The names of the AgentRpc methods that answer a value, for transports that carry them by name;
 * `openTerminal` answers a stream, which a transport carries on a connection of its own.
 */
export const AGENT_RPC_METHODS = [
  'ping',
  'createKernels',
  'destroyKernel',
  'execute',
  'interruptKernel',
  'startService',
  'shutdownService',
  'kernelLogs',
  'complete',
  'uploadFiles',
  'listFiles',
  'downloadFiles',
  'restartKernel',
  'commit',
  'getCommitStatus',
] as const satisfies ReadonlyArray<keyof AgentRpc>;

/** Terminal sizes agent RPC accepts: 1 to TERMINAL_MAX_DIMENSION rows and columns. */
export const TERMINAL_MAX_DIMENSION = 1000;

/** Why a terminal size is unacceptable (whole numbers of rows and columns, 1 to 1000), or undefined. */
export function terminalSizeProblem(size: unknown): string | undefined {
  const fields = (typeof size === 'object' && size !== null ? size : {}) as Record<string, unknown>;
  for (const field of ['rows', 'cols'] as const) {
    const value = fields[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > TERMINAL_MAX_DIMENSION)
      return `${field} must be a whole number from 1 to ${TERMINAL_MAX_DIMENSION}, got ${JSON.stringify(value ?? null)}`;
  }
  return undefined;
}

/** Something `serve` started; `close` stops serving. */
export interface RpcServing {
  close(): Promise<void>;
}

/**
 * Carries agent RPC over one address scheme (`http`): the agent side serves an AgentRpc at an
 * address, the manager side connects to one. Transport plugins add themselves to the directory.
 */
export interface AgentRpcTransport {
  readonly scheme: string;
  serve(address: string, rpc: AgentRpc): Promise<RpcServing>;
  connect(address: string): AgentRpc;
}

/**
 * Resolves an agent address (from its heartbeat) to an RPC client. The kernel provides an
 * in-process directory for `inproc://<agent-id>` addresses; transport plugins add other schemes
 * with `addTransport`. `serve` binds in process for `inproc://` and hands other schemes to their
 * transport.
 */
export interface AgentRpcDirectory {
  bind(address: string, rpc: AgentRpc): void;
  unbind(address: string): void;
  addTransport(transport: AgentRpcTransport): void;
  serve(address: string, rpc: AgentRpc): Promise<RpcServing>;
  connect(address: string): AgentRpc;
}
export const AgentRpcDirectory = contractToken<AgentRpcDirectory>('agent-rpc-directory');
