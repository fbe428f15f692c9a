import { randomUUID } from 'node:crypto';
import type { EventBus, Logger } from '@tessera/core';

/** How a running task reports: more work found, work done (each with a message for the stream). */
export interface TaskProgress {
  /** Work found: adds to `total_progress`. */
  addTotal(count: number): void;
  /** Work done: adds to `current_progress` and publishes `bgtask_updated` with the message. */
  advance(count: number, message: string): Promise<void>;
  /** A failure that does not stop the task: it ends in `bgtask_partial_success` with these. */
  error(message: string): void;
  readonly signal: AbortSignal;
}

/** What a finished task says in its terminal event. */
export interface TaskResult {
  message: string;
}

/**
 * Background tasks as Backend.AI runs them: `start` answers a task id once the task's first
 * `bgtask_updated` (0 of 0) is on the bus, so `GET /events/background-task?task_id=` finds it at
 * once; the task then publishes `bgtask_updated` for each step, and ends with `bgtask_done`,
 * `bgtask_partial_success` (with the errors it collected), `bgtask_cancelled` (when the manager
 * stops) or `bgtask_failed` (with the message of what it threw).
 */
export class BackgroundTasks {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly source: string,
  ) {}

  async start(name: string, run: (progress: TaskProgress) => Promise<TaskResult>): Promise<string> {
    const taskId = randomUUID();
    const abort = new AbortController();
    let current = 0;
    let total = 0;
    const errors: string[] = [];
    const publishProgress = (message: string | null) =>
      this.bus.publish(
        'bgtask_updated',
        { taskId, currentProgress: current, totalProgress: total, message },
        this.source,
      );
    const progress: TaskProgress = {
      addTotal: (count) => {
        total += count;
      },
      advance: async (count, message) => {
        current += count;
        total = Math.max(total, current);
        await publishProgress(message);
      },
      error: (message) => {
        errors.push(message);
      },
      signal: abort.signal,
    };
    await publishProgress(`${name} started`);
    this.log.info('background task started', { taskId, task: name });
    const done = (async () => {
      try {
        const result = await run(progress);
        if (abort.signal.aborted) {
          await this.bus.publish(
            'bgtask_cancelled',
            { taskId, message: 'cancelled: the manager stopped' },
            this.source,
          );
        } else if (errors.length) {
          await this.bus.publish(
            'bgtask_partial_success',
            { taskId, message: result.message, errors },
            this.source,
          );
        } else {
          await this.bus.publish('bgtask_done', { taskId, message: result.message }, this.source);
        }
        this.log.info('background task ended', { taskId, task: name, errors: errors.length });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.warn('background task failed', { taskId, task: name, error: message });
        await this.bus
          .publish('bgtask_failed', { taskId, message }, this.source)
          .catch((failure: unknown) =>
            this.log.warn('bgtask_failed not published', { taskId, error: String(failure) }),
          );
      } finally {
        this.running.delete(taskId);
      }
    })();
    this.running.set(taskId, { abort, done });
    return taskId;
  }

  /** Tasks still running. */
  get size(): number {
    return this.running.size;
  }

  /** Aborts every running task and waits for each to publish its end. */
  async stop(): Promise<void> {
    const tasks = [...this.running.values()];
    for (const task of tasks) task.abort.abort();
    await Promise.all(tasks.map((task) => task.done));
  }
}
