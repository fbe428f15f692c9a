export { default } from './plugin';
export { ManagerService, type ManagerDependencies } from './manager-service';
export { LATEST_API_VERSION, VALID_VERSIONS, latestVersionOfMajor } from './api/api-versions';
export {
  buildStringToSign,
  computeSignature,
  deriveSigningKey,
  type SignedFields,
} from './api/auth/signature';
export { parseAuthorization } from './api/auth/authorization-header';
export { parseRequestDate } from './api/auth/request-date';
export {
  verifySignedRequest,
  type SignedRequest,
  type Verification,
  type VerifierOptions,
} from './api/auth/request-verifier';
export { parseCreateSessionBody } from './api/create-session-body';
export { parseExecuteBody } from './api/execute-body';
export {
  canKernelTransition,
  canSessionTransition,
  deriveSessionStatus,
} from './sessions/session-transitions';
export { imageRecordsFromHeartbeat } from './sessions/image-records';
export { resolveImage } from './sessions/image-resolver';
export { resolveRequestedSlots } from './sessions/requested-slots';
export { ClusterView } from './scheduling/cluster-view';
export { planSingleNode, type PlacementPlan } from './scheduling/placement';
export { topPriorityBand } from './scheduling/priority-band';
export { kernelCreationSpecs } from './scheduling/kernel-creation-specs';
export { SchedulingDispatcher, type SchedulingDispatcherOptions } from './scheduling/scheduling-dispatcher';
export { SchedulingPass, type PassReport, type SchedulingPassOptions } from './scheduling/scheduling-pass';
