import type { AgentBackend, BackendKernel } from './agent-backend';

/**
 * What an agent backend offers to restart a kernel in place (Backend.AI's `restart_kernel`): its
 * runner and everything else running in the kernel stop, /home/work (the scratch folder) stays,
 * and a new runner starts under the same kernel id. Resolves with the kernel as it runs now (a
 * new runner channel and `exited`) once the runner is ready; the replaced kernel's `exited`
 * resolves as well, and the agent, having swapped kernels, does not take it for the kernel's end.
 * An unknown kernel fails with `kernel-not-running`. Backends without it make the agent answer
 * `not-supported`.
 */
export interface KernelRestartCapable {
  restartKernel(kernelId: string): Promise<BackendKernel>;
}

/** Whether a backend can restart its kernels in place. */
export function restartsKernels(backend: AgentBackend): backend is AgentBackend & KernelRestartCapable {
  return typeof (backend as Partial<KernelRestartCapable>).restartKernel === 'function';
}
