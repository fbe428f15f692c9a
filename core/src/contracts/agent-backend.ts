import type { KernelCreationSpec, ServicePort } from '../domain/kernel-spec';
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
}

export interface BackendCapabilities {
  /** True when kernels are isolated containers (docker); false for host processes. */
  isolation: 'container' | 'process' | 'vm';
  servicePorts: boolean;
  pty: boolean;
}

/**
 * agent-backend/v1: how an agent runs kernels (docker containers, host processes, ...). The agent
 * calls `scanImages` at start and on demand, `createKernel` with the spec plus the environment
 * and resource data the accelerators produced, and `destroyKernel` (idempotent: destroying a gone
 * kernel resolves).
 */
export interface AgentBackend {
  readonly name: string;
  capabilities(): BackendCapabilities;
  scanImages(): Promise<BackendImage[]>;
  createKernel(
    spec: KernelCreationSpec,
    extra: { environ: Record<string, string>; resourceData: Record<string, string> },
  ): Promise<BackendKernel>;
  destroyKernel(kernelId: string, reason: string): Promise<number | null>;
}

export const AgentBackendRegistry = contractToken<NamedRegistry<AgentBackend>>('agent-backend');
