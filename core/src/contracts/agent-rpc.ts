import type { ExecuteRequest, ExecutionResult } from '../domain/execution';
import type { KernelCreationSpec } from '../domain/kernel-spec';
import { contractToken } from './token';

/**
 * The manager's calls into one agent (Backend.AI's agent RPC). `createKernels` returns once the
 * agent has accepted the work; progress arrives as kernel_* events. `destroyKernel` returns once
 * the kernel is gone, saying whether the agent had it: `not-found` (it ended before, or the agent
 * restarted without it) publishes no kernel event, so the caller ends the kernel itself. `execute` follows the execute API (one call per `continue`).
 */
/** What `destroyKernel` found: the kernel was there and is gone now, or the agent did not have it. */
export type KernelDestroyOutcome = 'destroyed' | 'not-found';

export interface AgentRpc {
  ping(): Promise<{ agentId: string }>;
  createKernels(kernels: KernelCreationSpec[]): Promise<void>;
  destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome>;
  execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult>;
  interruptKernel(kernelId: string): Promise<void>;
}

/**
 * Resolves an agent address (from its heartbeat) to an RPC client. The kernel provides an
 * in-process directory for `inproc://<agent-id>` addresses; transport plugins add other schemes.
 */
export interface AgentRpcDirectory {
  bind(address: string, rpc: AgentRpc): void;
  unbind(address: string): void;
  connect(address: string): AgentRpc;
}
export const AgentRpcDirectory = contractToken<AgentRpcDirectory>('agent-rpc-directory');
