import type { EventBus, EventEnvelope, Subscription } from '@tessera/core';

export const BACKGROUND_TASK_EVENTS = [
  'bgtask_updated',
  'bgtask_done',
  'bgtask_partial_success',
  'bgtask_cancelled',
  'bgtask_failed',
] as const;

export type BackgroundTaskEvent = (typeof BACKGROUND_TASK_EVENTS)[number];

/** A task's state after its latest event. */
export interface BackgroundTaskState {
  taskId: string;
  /** The latest event's name. */
  event: BackgroundTaskEvent;
  /** Numbers the task's events from 1 (the SSE ids of its stream). */
  seq: number;
  /** `bgtask_updated`'s numbers, kept across the terminal event (Backend.AI's tracker does the same). */
  currentProgress: number;
  totalProgress: number;
  message: string | null;
  /** `bgtask_partial_success`'s errors. */
  errors: string[] | null;
  terminal: boolean;
  updatedAt: number;
}

export type BackgroundTaskListener = (state: BackgroundTaskState) => void;

export interface BackgroundTaskTrackerOptions {
  /** How long a task's state is kept after its latest event. */
  retentionMs: number;
  /** How many tasks are kept; past this the least recently updated goes. */
  maxTasks: number;
  consumerGroup: string;
  now?: () => number;
}

/**
 * The last state of recent background tasks, from the bus's `bgtask_*` events (broadcast: every
 * manager keeps its own copy), and the listeners of the streams open on each task. A stream that
 * opens after the task ended still gets its final state, for `retentionMs` after the task's latest
 * event and while it is among the `maxTasks` most recently updated.
 */
export class BackgroundTaskTracker {
  /** In order of latest update: the first entry is the first to expire or be evicted. */
  private readonly tasks = new Map<string, BackgroundTaskState>();
  private readonly listeners = new Map<string, Set<BackgroundTaskListener>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly now: () => number;

  constructor(
    private readonly bus: EventBus,
    private readonly options: BackgroundTaskTrackerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    for (const name of BACKGROUND_TASK_EVENTS) {
      this.subscriptions.push(
        await this.bus.subscribe(name, this.options.consumerGroup, (envelope) => this.record(envelope)),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.unsubscribe()));
    this.listeners.clear();
  }

  /** The task's latest state, or null when it is unknown or was forgotten. */
  get(taskId: string): BackgroundTaskState | null {
    this.expire();
    return this.tasks.get(taskId) ?? null;
  }

  /** Adds a listener of the task's next events; the returned function removes it. */
  listen(taskId: string, listener: BackgroundTaskListener): () => void {
    let listeners = this.listeners.get(taskId);
    if (!listeners) this.listeners.set(taskId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(taskId) === listeners) this.listeners.delete(taskId);
    };
  }

  /** Streams listening, over all tasks. */
  get listenerCount(): number {
    let count = 0;
    for (const listeners of this.listeners.values()) count += listeners.size;
    return count;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Applies one event (the bus handler; public for tests of the bookkeeping). */
  record(envelope: EventEnvelope<BackgroundTaskEvent>): void {
    const payload = envelope.payload as {
      taskId: string;
      message?: string | null;
      currentProgress?: number;
      totalProgress?: number;
      errors?: string[];
    };
    const previous = this.tasks.get(payload.taskId);
    // A task's events after its terminal one are strays (a redelivery): the final state stays.
    if (previous?.terminal) return;
    const state: BackgroundTaskState = {
      taskId: payload.taskId,
      event: envelope.name,
      seq: (previous?.seq ?? 0) + 1,
      currentProgress: payload.currentProgress ?? previous?.currentProgress ?? 0,
      totalProgress: payload.totalProgress ?? previous?.totalProgress ?? 0,
      message: payload.message ?? null,
      errors: payload.errors ?? null,
      terminal: envelope.name !== 'bgtask_updated',
      updatedAt: this.now(),
    };
    this.tasks.delete(state.taskId);
    this.tasks.set(state.taskId, state);
    this.expire();
    for (const listener of [...(this.listeners.get(state.taskId) ?? [])]) listener(state);
  }

  private expire(): void {
    const cutoff = this.now() - this.options.retentionMs;
    for (const [taskId, state] of this.tasks) {
      if (this.tasks.size <= this.options.maxTasks && state.updatedAt > cutoff) break;
      this.tasks.delete(taskId);
    }
  }
}
