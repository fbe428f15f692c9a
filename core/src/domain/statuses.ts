/** Session statuses (Backend.AI's SessionStatus). */
export const SESSION_STATUSES = [
  'PENDING',
  'SCHEDULED',
  'PREPARING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RUNNING_DEGRADED',
  'TERMINATING',
  'TERMINATED',
  'ERROR',
  'CANCELLED',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Kernel statuses (Backend.AI's KernelStatus). */
export const KERNEL_STATUSES = [
  'PENDING',
  'SCHEDULED',
  'PREPARING',
  'BUILDING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RESIZING',
  'SUSPENDED',
  'TERMINATING',
  'TERMINATED',
  'ERROR',
  'CANCELLED',
] as const;
export type KernelStatus = (typeof KERNEL_STATUSES)[number];

/**
 * Kernel statuses in which its agent has accepted the kernel and holds it (a container, a process,
 * devices), until it has ended: PREPARING through TERMINATING. SCHEDULED comes before: the creation
 * is still on its way.
 */
export const KERNEL_ON_AGENT_STATUSES: ReadonlySet<KernelStatus> = new Set(
  KERNEL_STATUSES.slice(KERNEL_STATUSES.indexOf('PREPARING'), KERNEL_STATUSES.indexOf('TERMINATING') + 1),
);

/** Kernel statuses of a kernel that has ended: TERMINATED, ERROR, CANCELLED. */
export const KERNEL_TERMINAL_STATUSES: ReadonlySet<KernelStatus> = new Set(
  KERNEL_STATUSES.slice(KERNEL_STATUSES.indexOf('TERMINATED')),
);

export const AGENT_STATUSES = ['ALIVE', 'LOST', 'RESTARTING', 'TERMINATED'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const SESSION_TERMINAL_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'TERMINATED',
  'ERROR',
  'CANCELLED',
]);

export const SESSION_TYPES = ['interactive', 'batch', 'inference', 'system'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const CLUSTER_MODES = ['single-node', 'multi-node'] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];

export type SessionResult = 'UNDEFINED' | 'SUCCESS' | 'FAILURE';
