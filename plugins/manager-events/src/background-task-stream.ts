import type { BackgroundTaskState, BackgroundTaskTracker } from './background-task-tracker';
import { backgroundTaskData } from './background-task-view';
import type { SseStream } from './sse-stream';

/**
 * One client's `/events/background-task` stream. It first sends the task's latest state (unless
 * the client resumes with that event's id already), then each new event; after a terminal event it
 * sends `server_close` (Backend.AI's "do not reconnect") and ends.
 */
export function streamBackgroundTask(
  tracker: BackgroundTaskTracker,
  sse: SseStream,
  current: BackgroundTaskState,
  lastEventId: string | undefined,
): void {
  const send = (state: BackgroundTaskState, late: boolean): void => {
    sse.send({
      id: String(state.seq),
      event: state.event,
      data: JSON.stringify(backgroundTaskData(state, late)),
    });
    if (state.terminal) {
      sse.send({ event: 'server_close', data: '{}' });
      sse.close();
    }
  };
  const seen = lastEventId !== undefined && /^\d+$/.test(lastEventId.trim()) ? Number(lastEventId) : 0;
  if (current.terminal) {
    send(current, true);
    return;
  }
  let sentSeq = seen;
  sse.onClose(
    tracker.listen(current.taskId, (state) => {
      if (state.seq <= sentSeq) return;
      sentSeq = state.seq;
      send(state, false);
    }),
  );
  if (current.seq > sentSeq) {
    sentSeq = current.seq;
    send(current, false);
  }
}
