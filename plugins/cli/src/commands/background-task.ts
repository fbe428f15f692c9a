import { BackendAPIError, type BackgroundTaskEvent, type Client } from '@tessera/client';
import type { CliIo } from '../cli-io';

const BAR_WIDTH = 24;
const NOT_YET_RETRIES = 10;
const NOT_YET_PAUSE_MS = 200;

/** A background task's progress on stderr: one bar redrawn on a terminal, a line per event elsewhere. */
export class TaskProgressDisplay {
  private readonly live: boolean;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly quiet: boolean,
  ) {
    this.live = !quiet && (io.stderr as { isTTY?: boolean }).isTTY === true;
  }

  update(current: number, total: number, message: string | null): void {
    if (this.quiet) return;
    const share = total > 0 ? Math.min(current / total, 1) : 0;
    const text = `${total > 0 ? `${Math.floor(share * 100)}% ` : ''}${message ?? ''}`.trim();
    if (!this.live) {
      this.io.stderr.write(`[${current}/${total}] ${text}\n`);
      return;
    }
    const filled = Math.floor(share * BAR_WIDTH);
    const columns = (this.io.stderr as { columns?: number }).columns ?? 80;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${text}`;
    this.io.stderr.write(`\r${line.slice(0, Math.max(columns - 1, 20))}\u001b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[K');
    this.drawn = false;
  }
}

/**
 * The task's events. The stream may open before the manager that answers it has seen the task
 * (a bus between managers): a 404 before any event is tried again a few times.
 */
export async function* followTask(
  client: Client,
  taskId: string,
): AsyncGenerator<BackgroundTaskEvent, void, undefined> {
  for (let attempt = 0; ; attempt++) {
    let seen = false;
    try {
      for await (const event of client.backgroundTaskEvents(taskId)) {
        seen = true;
        yield event;
      }
      return;
    } catch (error) {
      if (seen || attempt >= NOT_YET_RETRIES || !(error instanceof BackendAPIError) || error.status !== 404)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, NOT_YET_PAUSE_MS));
    }
  }
}

/**
 * Follows a background task to its last event, drawing its progress; returns that event (null when
 * the stream ended without one).
 */
export async function followToEnd(
  client: Client,
  taskId: string,
  io: CliIo,
  quiet: boolean,
): Promise<BackgroundTaskEvent | null> {
  const progress = new TaskProgressDisplay(io, quiet);
  let last: BackgroundTaskEvent | null = null;
  try {
    for await (const event of followTask(client, taskId)) {
      last = event;
      if (event.event === 'bgtask_updated') {
        progress.update(
          event.data.current_progress ?? 0,
          event.data.total_progress ?? 0,
          event.data.message ?? null,
        );
      }
    }
  } finally {
    progress.clear();
  }
  return last;
}
