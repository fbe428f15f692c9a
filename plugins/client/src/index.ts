export { ApiConfig, type ApiConfigInit, type EndpointType } from './api-config';
export { DEFAULT_API_VERSION } from './api-version';
export {
  Client,
  splitMounts,
  type CallOptions,
  type ProgressListener,
  type ServerVersion,
  type ServiceStarted,
} from './client';
export { readTarEntries, splitMultipartMixed, type TarEntry } from './archive-parts';
export {
  BGTASK_FINAL_EVENTS,
  type ApiEvent,
  type BackgroundTaskEvent,
  type BackgroundTaskEventData,
  type SessionEvent,
  type SessionEventData,
  type SessionEventsOptions,
} from './event-types';
export {
  ExecuteStream,
  followStreamedRun,
  type StreamedResult,
  type StreamExecuteRequest,
} from './execute-stream';
export type {
  CheckPresetsAnswer,
  ManagerStatus,
  ResourcePreset,
  SessionFileEntry,
  SessionFileList,
  SessionMatch,
  UsageRecord,
} from './resource-types';
export { DEFAULT_SESSION_FIELDS, type ListSessionsOptions, type SessionList } from './session-list';
export { SseParser, type SseMessage } from './sse';
export { displayEndpoint } from './endpoint-pool';
export { BackendAPIError, BackendClientError, BackendError, type ClientFailureReason } from './errors';
export type {
  BatchOptions,
  ConsoleItem,
  ExecuteRequest,
  ExecutionMode,
  ExecutionResult,
  ExecutionStatus,
} from './execution-types';
export { followRun, newRunId, type InputRequest, type RunHandlers, type RunOutcome } from './run-loop';
export type {
  AgentVerdict,
  PendingSessionScheduling,
  PlacedSessionScheduling,
  PredicateVerdict,
  RequirementExplanation,
  SessionScheduling,
} from './scheduling-types';
export type {
  CreateSessionOptions,
  ServicePort,
  SessionCommitStarted,
  SessionCommitStatus,
  SessionCreated,
  SessionInfo,
  SessionType,
} from './session-types';
export { TerminalStream, type TerminalEnd, type TerminalOptions } from './terminal-stream';
export type { UploadFile } from './upload-body';
export type { AuthorizedKeypair, CallerRole } from './auth-types';
export { AdminApi } from './admin';
export {
  AgentAdmin,
  DEFAULT_AGENT_FIELDS,
  type Agent,
  type AgentChanges,
  type AgentFilter,
  type AgentStatValue,
} from './admin/agents';
export {
  DEFAULT_ADMIN_SESSION_FIELDS,
  SessionAdmin,
  type AdminSession,
  type AdminSessionFilter,
} from './admin/sessions';
export {
  DEFAULT_DOMAIN_FIELDS,
  DomainAdmin,
  type Domain,
  type DomainChanges,
  type DomainMutation,
  type DomainProps,
} from './admin/domains';
export {
  buildOperation,
  type GraphqlCaller,
  type ItemPage,
  type MutationResult,
  type Operation,
  type OperationArgument,
  type PageOptions,
  type ReadOptions,
} from './admin/graphql-operation';
export {
  DEFAULT_KEYPAIR_FIELDS,
  KeypairAdmin,
  type Keypair,
  type KeypairChanges,
  type KeypairFilter,
  type KeypairMutation,
  type KeypairProps,
} from './admin/keypairs';
export {
  DEFAULT_RESOURCE_PRESET_FIELDS,
  ResourcePresetAdmin,
  type AdminResourcePreset,
  type ResourcePresetChanges,
  type ResourcePresetMutation,
  type ResourcePresetProps,
} from './admin/presets';
export {
  DEFAULT_PROJECT_FIELDS,
  ProjectAdmin,
  type Project,
  type ProjectChanges,
  type ProjectMutation,
  type ProjectProps,
} from './admin/projects';
export {
  DEFAULT_IMAGE_FIELDS,
  ImageAdmin,
  type AdminImage,
  type ArchitectureOption,
  type ImageChanges,
} from './admin/images';
export {
  ContainerRegistryAdmin,
  DEFAULT_CONTAINER_REGISTRY_FIELDS,
  type ContainerRegistry,
  type ContainerRegistryChanges,
  type ContainerRegistryConfig,
  type ContainerRegistryProps,
  type RescanImagesResult,
} from './admin/registries';
export {
  DEFAULT_RESOURCE_GROUP_FIELDS,
  ResourceGroupAdmin,
  type ResourceGroup,
  type ResourceGroupChanges,
  type ResourceGroupMember,
  type ResourceGroupMutation,
  type ResourceGroupProps,
} from './admin/resource-groups';
export {
  DEFAULT_KEYPAIR_RESOURCE_POLICY_FIELDS,
  DEFAULT_PROJECT_RESOURCE_POLICY_FIELDS,
  DEFAULT_USER_RESOURCE_POLICY_FIELDS,
  ResourcePolicyAdmin,
  keypairResourcePolicies,
  projectResourcePolicies,
  userResourcePolicies,
  type KeypairResourcePolicy,
  type KeypairResourcePolicyProps,
  type PolicyMutation,
  type ProjectResourcePolicy,
  type ProjectResourcePolicyProps,
  type UserResourcePolicy,
  type UserResourcePolicyProps,
} from './admin/resource-policies';
export {
  DEFAULT_USER_FIELDS,
  USER_ROLES,
  USER_STATUSES,
  UserAdmin,
  type User,
  type UserChanges,
  type UserFilter,
  type UserMutation,
  type UserProps,
  type UserRole,
  type UserStatus,
} from './admin/users';
export * from './vfolders';
