import 'reflect-metadata';

export { default } from './plugin';
// What the manager's other features build on.
export { SessionLifecycle } from './session-lifecycle';
export { KERNEL_LOST, type ReportedKernels } from './heartbeat-kernel-reconciler';
export { SessionStatusWriter } from './session-status-writer';
export { KeyedSerialQueue } from './keyed-serial-queue';
export { SlotTypeRegistry } from './slot-type-registry';
export { cancelPendingSession } from './pending-cancellation';
export { findOwnedSession, mainKernel } from './session-lookup';
export { SessionExecutor, type ExecuteCall } from './session-executor';
export {
  RESOURCE_OCCUPYING_SESSION_STATUSES,
  canKernelTransition,
  canSessionTransition,
  deriveSessionStatus,
} from './session-transitions';
export { SessionErrors } from './session-errors';
export { ComputeSession } from './graphql/compute-session-type';
export { ComputeContainer } from './graphql/compute-container-type';
export { toComputeContainer } from './graphql/compute-session-view';
// Request parsing and access rules (table-tested on their own).
export { parseCreateSessionBody } from './api/create-session-body';
export { parseExecuteBody } from './api/execute-body';
export { parseStartServiceBody, type StartServiceCall } from './api/start-service-body';
export { resolveImage } from './image-resolver';
export { commitFilename, COMMIT_SESSION_NAME_LIMIT } from './commit-filename';
export { resolveRequestedSlots } from './requested-slots';
export { scopeSessions, type SessionScope } from './graphql/session-access';
export {
  SESSION_CREATE_SYSTEM,
  SESSION_DESIGNATE_AGENTS,
  SESSION_READ,
  SESSIONS_ACCESS,
} from './session-access';
export { sessionStatuses } from './graphql/list-arguments';
// The extension point the storage feature fills: requested vfolders -> kernel mounts.
export {
  VfolderMounts,
  type MountOwner,
  type MountRequest,
  type VfolderMountResolver,
} from './extension-points/vfolder-mounts';
