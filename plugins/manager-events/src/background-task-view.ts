import type { BackgroundTaskState } from './background-task-tracker';

/**
 * The `data` of a `/events/background-task` event, with Backend.AI's snake_case keys: every event
 * has `task_id` and `message`; `bgtask_updated` adds `current_progress` and `total_progress`;
 * `bgtask_partial_success` adds `errors`. A terminal event sent to a stream that opened after the
 * task ended (`late`) also has `status` (`done`, `failed`, ...) and the last progress, as
 * Backend.AI's answer for finished tasks does.
 */
export function backgroundTaskData(state: BackgroundTaskState, late: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = { task_id: state.taskId, message: state.message };
  if (state.event === 'bgtask_updated' || late) {
    data['current_progress'] = state.currentProgress;
    data['total_progress'] = state.totalProgress;
  }
  if (late && state.terminal) data['status'] = state.event.slice('bgtask_'.length);
  if (state.errors) data['errors'] = state.errors;
  return data;
}
