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
export { ClusterView, containerCounts } from './scheduling/cluster-view';
export { filterAgents, type AgentFilterName, type AgentRejection } from './scheduling/agent-filters';
export { placeSession, type PlacementResult, type SelectorStateAccess } from './scheduling/placement';
export type { PlacementFailure } from './scheduling/placement-failure';
export { requirementsOf, type Requirement } from './scheduling/requirement';
export { priorityBands } from './scheduling/priority-band';
export { OwnerUsage } from './scheduling/owner-usage';
export { NO_LIMITS, type GroupOptions, type PassInput, type DependencyState } from './scheduling/pass-input';
export { PassPlanner, type PlannerStep } from './scheduling/pass-planner';
export { drivePass, type PassCallbacks } from './scheduling/pass-driver';
export type { SessionOutcome } from './scheduling/pass-outcome';
export { BUILTIN_PREDICATES, checkPredicates } from './scheduling/predicates/builtin-predicates';
export type { PredicateVerdict, PredicateContext } from './scheduling/predicates/predicate';
export { predicateHook } from './scheduling/predicate-hook';
export { explainPendingSession, type SchedulingExplanation } from './scheduling/scheduling-explanation';
export { kernelCreationSpecs } from './scheduling/kernel-creation-specs';
export { SchedulingDispatcher, type SchedulingDispatcherOptions } from './scheduling/scheduling-dispatcher';
export { SchedulingPass, type PassReport, type SchedulingPassOptions } from './scheduling/scheduling-pass';
export { implementationsFor, type ResourceGroupPolicy } from './scheduling/group-policy';
export { groupOptions } from './scheduling/group-options';
export { parseWorkload, type Workload } from './simulation/workload';
export {
  simulateWorkload,
  type SimulatedSession,
  type SimulationReport,
} from './simulation/simulate-workload';
export {
  PassInputLoader,
  type LoadedPass,
  type PassInputLoaderOptions,
} from './scheduling/pass-input-loader';
export { SlotTypeRegistry } from './sessions/slot-type-registry';
export { PassWriter, type Decision, type PassTally, type PassWriterOptions } from './scheduling/pass-writer';
export { OutcomeRecorder, type PendingVerdict } from './scheduling/outcome-recorder';
export { SessionStatusWriter } from './sessions/session-status-writer';
export { BigIntScalar, DateTimeScalar, JSONStringScalar, UUIDScalar } from './api/graphql/scalars';
export { scopeSessions, type SessionScope } from './api/graphql/session-access';
export { seesAgents } from './api/agent-visibility';
export { MAX_PAGE_SIZE, checkPage, sessionOrderKey, sessionStatuses } from './api/graphql/list-arguments';
export { buildAdminSchema } from './api/graphql/admin-schema';
export { AdminGraphQL, type AdminGraphQLOptions } from './api/graphql/admin-graphql';
