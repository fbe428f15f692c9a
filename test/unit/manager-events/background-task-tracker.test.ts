import { expect } from 'chai';
import type { EventBus } from '@tessera/core';
import { BackgroundTaskTracker, backgroundTaskData, type BackgroundTaskState } from '@tessera/manager-events';

const NO_BUS = {} as EventBus;

function tracker(options: { retentionMs?: number; maxTasks?: number; now?: () => number } = {}) {
  return new BackgroundTaskTracker(NO_BUS, {
    retentionMs: options.retentionMs ?? 60_000,
    maxTasks: options.maxTasks ?? 10,
    consumerGroup: 'test',
    ...(options.now ? { now: options.now } : {}),
  });
}

const updated = (taskId: string, current: number, total: number, message: string | null = null) =>
  ({
    name: 'bgtask_updated',
    source: 'm',
    payload: { taskId, currentProgress: current, totalProgress: total, message },
  }) as const;
const done = (taskId: string, message: string | null = null) =>
  ({ name: 'bgtask_done', source: 'm', payload: { taskId, message } }) as const;

describe('manager-events: background task tracker', () => {
  it('keeps each task’s latest state, numbering its events, and the progress across the end', () => {
    const tasks = tracker();
    tasks.record(updated('t1', 1, 4, 'a'));
    tasks.record(updated('t1', 2, 4, 'b'));
    tasks.record(done('t1', 'ok'));
    expect(tasks.get('t1')).to.deep.include({
      event: 'bgtask_done',
      seq: 3,
      currentProgress: 2,
      totalProgress: 4,
      message: 'ok',
      terminal: true,
    });
    // Events after the end (a redelivery) change nothing.
    tasks.record(updated('t1', 3, 4));
    expect(tasks.get('t1')).to.deep.include({ event: 'bgtask_done', seq: 3 });
    expect(tasks.get('t2')).to.equal(null);
  });

  it('forgets a task after the retention period and past the bound, least recently updated first', () => {
    let now = 0;
    const tasks = tracker({ retentionMs: 1000, maxTasks: 2, now: () => now });
    tasks.record(updated('old', 0, 1));
    now = 500;
    tasks.record(updated('mid', 0, 1));
    now = 1001;
    expect(tasks.get('old')).to.equal(null);
    expect(tasks.get('mid')).to.not.equal(null);
    tasks.record(updated('a', 0, 1));
    tasks.record(updated('mid', 1, 1));
    tasks.record(updated('b', 0, 1));
    expect(tasks.size).to.equal(2);
    expect(tasks.get('a')).to.equal(null);
    expect(tasks.get('mid')).to.not.equal(null);
  });

  it('tells a task’s listeners, and drops a listener set once its last listener leaves', () => {
    const tasks = tracker();
    const seen: number[] = [];
    const stop = tasks.listen('t1', (state) => seen.push(state.seq));
    tasks.listen('t2', () => undefined);
    tasks.record(updated('t1', 1, 2));
    tasks.record(updated('t2', 1, 2));
    expect(seen).to.deep.equal([1]);
    expect(tasks.listenerCount).to.equal(2);
    stop();
    expect(tasks.listenerCount).to.equal(1);
  });

  it("answers Backend.AI's field names, live and for a late subscriber", () => {
    const state: BackgroundTaskState = {
      taskId: 't1',
      event: 'bgtask_updated',
      seq: 1,
      currentProgress: 1,
      totalProgress: 4,
      message: 'agent-1',
      errors: null,
      terminal: false,
      updatedAt: 0,
    };
    expect(backgroundTaskData(state, false)).to.deep.equal({
      task_id: 't1',
      message: 'agent-1',
      current_progress: 1,
      total_progress: 4,
    });
    const finished = { ...state, event: 'bgtask_cancelled' as const, terminal: true, message: null };
    expect(backgroundTaskData(finished, false)).to.deep.equal({ task_id: 't1', message: null });
    expect(backgroundTaskData(finished, true)).to.deep.equal({
      task_id: 't1',
      message: null,
      current_progress: 1,
      total_progress: 4,
      status: 'cancelled',
    });
  });
});
