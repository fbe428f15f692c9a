import 'reflect-metadata';

export { default } from './plugin';
// The pieces of the streams that are table-tested on their own.
export { encodeSseComment, encodeSseMessage, type SseMessage } from './sse-frame';
export { EventRing } from './event-ring';
export { entriesOf, FORWARDED_SESSION_EVENTS, type SessionEventEntry } from './session-event-entry';
export { sessionEventData, type SessionEventData } from './session-event-view';
export { parseSessionStreamQuery, type SessionStreamQuery } from './session-stream-query';
export {
  EVENTS_ACCESS,
  SESSION_WATCH,
  sessionSeer,
  streamWants,
  type SessionStreamFilter,
} from './session-stream-filter';
export { SessionSnapshots, snapshotOf, type SessionSnapshot } from './session-snapshots';
export {
  BackgroundTaskTracker,
  BACKGROUND_TASK_EVENTS,
  type BackgroundTaskState,
} from './background-task-tracker';
export { backgroundTaskData } from './background-task-view';
export { EventErrorCodes } from './event-errors';
