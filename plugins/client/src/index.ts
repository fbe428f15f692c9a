export { ApiConfig, type ApiConfigInit, type EndpointType } from './api-config';
export { DEFAULT_API_VERSION } from './api-version';
export {
  Client,
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
