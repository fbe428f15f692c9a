/** Labels and paths shared by the container a kernel runs in and the code that finds it again. */

/** Image labels (Backend.AI's kernel image contract, ops-spec §3.2). */
export const IMAGE_LABELS = {
  kernelspec: 'ai.backend.kernelspec',
  runtimeType: 'ai.backend.runtime-type',
  runtimePath: 'ai.backend.runtime-path',
  servicePorts: 'ai.backend.service-ports',
  endpointPorts: 'ai.backend.endpoint-ports',
  coreCountEnvs: 'ai.backend.envs.corecount',
} as const;

/** Labels this backend puts on kernel containers and session networks. */
export const CONTAINER_LABELS = {
  kernelId: 'ai.backend.kernel-id',
  sessionId: 'ai.backend.session-id',
  owner: 'ai.backend.owner',
  scope: 'tessera.scope',
  managed: 'tessera.managed',
} as const;

/** Where things are inside a kernel's container. */
export const KERNEL_PATHS = {
  work: '/home/work',
  config: '/home/config',
  ipc: '/opt/tessera/ipc',
  runner: '/opt/tessera/runner',
  runnerMain: '/opt/tessera/runner/main.py',
  runnerSocket: '/opt/tessera/ipc/runner.sock',
  bootstrapScript: '/home/config/bootstrap.sh',
} as const;

/** The container and network names of a kernel and a session. */
export const containerName = (kernelId: string): string => `tessera-${kernelId}`;
export const networkName = (sessionId: string): string => `tessera-${sessionId}`;
