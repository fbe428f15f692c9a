import type { ExecuteRequest, ExecutionResult } from '../domain/execution';
import type { KernelCreationSpec } from '../domain/kernel-spec';
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
 * The manager's calls into one agent (Backend.AI's agent RPC). `createKernels` returns once the
 * agent has accepted the work; progress arrives as kernel_* events. It is idempotent by kernel id:
 * a kernel the agent already has or is creating is not created again, so a transport may retry it.
 * `destroyKernel` returns once the kernel is gone, saying whether the agent had it: `not-found`
 * (it ended before, or the agent restarted without it) publishes no kernel event, so the caller
 * ends the kernel itself. `execute` follows the execute API (one call per `continue`) and is never
 * retried by a transport.
 */
export interface AgentRpc {
  ping(): Promise<{ agentId: string }>;
  createKernels(kernels: KernelCreationSpec[]): Promise<void>;
  destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome>;
  execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult>;
  interruptKernel(kernelId: string): Promise<void>;
  startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult>;
  /** The kernel's console log (container logs), as Backend.AI's `get_logs`. */
  kernelLogs(kernelId: string): Promise<string>;
}

/** The names of the AgentRpc methods, for transports that carry them by name. */
export const AGENT_RPC_METHODS = [
  'ping',
  'createKernels',
  'destroyKernel',
  'execute',
  'interruptKernel',
  'startService',
  'kernelLogs',
] as const satisfies ReadonlyArray<keyof AgentRpc>;

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
