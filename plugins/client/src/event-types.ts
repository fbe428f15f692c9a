/** Events of `GET /events/session` and `GET /events/background-task` (manager-events README). */

export interface SessionEventData {
  sessionId: string;
  sessionName: string;
  ownerAccessKey: string;
  reason: string;
  exitCode: number | null;
  kernelId?: string;
  clusterRole?: string;
  clusterIdx?: number;
  result?: string;
  [field: string]: unknown;
}

/** One parsed event: the SSE `id`, its `event` name and its JSON `data`. */
export interface ApiEvent<T = Record<string, unknown>> {
  id: string;
  event: string;
  data: T;
}

export type SessionEvent = ApiEvent<SessionEventData>;

export interface SessionEventsOptions {
  /** A session name of the owner, or `*` (default) for every visible session. */
  sessionName?: string;
  /** A session UUID: only that session (wins over the name). */
  sessionId?: string;
  ownerAccessKey?: string;
  /** Project name, or `*`. */
  group?: string;
  scope?: '*' | 'session' | 'kernel';
  /** Reconnections (with Last-Event-ID) after a dropped connection; default 1. */
  reconnects?: number;
  /** Comment lines: keep-alives and the manager's notes when it cannot resume. */
  onComment?: (text: string) => void;
  /** Called when the stream is connected (again, after a drop: with the Last-Event-ID sent). */
  onOpen?: (resumedFrom: string | undefined) => void;
  signal?: AbortSignal;
}

export interface BackgroundTaskEventData {
  task_id: string;
  message?: string;
  current_progress?: number;
  total_progress?: number;
  status?: string;
  errors?: unknown[];
  [field: string]: unknown;
}

export type BackgroundTaskEvent = ApiEvent<BackgroundTaskEventData>;

/** Events that end a background task's stream (the server sends `server_close` right after). */
export const BGTASK_FINAL_EVENTS: ReadonlySet<string> = new Set([
  'bgtask_done',
  'bgtask_cancelled',
  'bgtask_failed',
  'bgtask_partial_success',
]);
