export { ApiConfig, type ApiConfigInit, type EndpointType } from './api-config';
export { DEFAULT_API_VERSION } from './api-version';
export { Client, type ServerVersion, type ServiceStarted } from './client';
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
  SessionCreated,
  SessionInfo,
  SessionType,
} from './session-types';
export type { UploadFile } from './upload-body';
