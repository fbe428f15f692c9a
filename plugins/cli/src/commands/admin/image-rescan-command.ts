import { BackendAPIError, type BackgroundTaskEvent, type Client } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import type { CliIo } from '../../cli-io';
import { printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { verbAction, type JsonFlag } from './admin-verbs';

interface RescanFlags extends JsonFlag {
  quiet?: boolean;
}

const BAR_WIDTH = 24;

/**
 * A background task's progress on stderr: on a terminal one bar redrawn in place; elsewhere one
 * plain line per event (`[3/10] Updated cr.backend.ai/stable/python:3.11`).
 */
class TaskProgress {
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
    if (!this.live) {
      this.io.stderr.write(`[${current}/${total}] ${message ?? ''}\n`);
      return;
    }
    const share = total > 0 ? Math.min(current / total, 1) : 0;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const columns = (this.io.stderr as { columns?: number }).columns ?? 80;
    const line = `[${bar}] ${current}/${total} ${message ?? ''}`.slice(0, Math.max(columns - 1, 20));
    this.io.stderr.write(`\r${line}\u001b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[K');
    this.drawn = false;
  }
}

const NOT_YET_RETRIES = 10;
const NOT_YET_PAUSE_MS = 200;

/**
 * The task's events. With a bus between managers (Redis), the manager that answers the stream may
 * not have seen the task's first event yet when the mutation returns: a 404 before any event is
 * tried again a few times.
 */
async function* followTask(
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
 * `tessera admin images rescan [REGISTRY]`: starts `rescan_images` and follows its background
 * task to the end. Exit 0 on bgtask_done, 1 with the errors listed on partial success, failure or
 * cancellation. Register it on the `images` group: `registerImageRescanVerb(images, context)`.
 */
export function registerImageRescanVerb(images: Command, context: CommandContext): void {
  const { io } = context;
  images
    .command('rescan')
    .description(
      'Scan a container registry (every configured one when none is named) for images and update them (rescan_images), following the background task.',
    )
    .argument('[registry]', 'the registry hostname, as in "tessera admin registries list"')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--json', 'print the task id and its final event as JSON')
    .action(
      verbAction(context, async (registry: string | undefined, flags: RescanFlags) => {
        const client = await apiClient(io);
        const started = await client.admin.containerRegistries.rescan(registry);
        if (!started.ok || !started.taskId)
          throw new CommandFailure(
            `rescanning ${registry ?? 'every registry'} failed: ${started.msg || 'no task was started'}`,
          );
        if (!flags.json && !flags.quiet) io.stderr.write(`rescan task ${started.taskId} started\n`);
        const progress = new TaskProgress(io, flags.quiet === true || flags.json === true);
        let last: BackgroundTaskEvent | null = null;
        for await (const event of followTask(client, started.taskId)) {
          last = event;
          if (event.event === 'bgtask_updated')
            progress.update(
              event.data.current_progress ?? 0,
              event.data.total_progress ?? 0,
              event.data.message ?? null,
            );
        }
        progress.clear();
        const outcome = last?.event ?? 'bgtask_failed';
        const errors = (last?.data.errors ?? []).map(String);
        if (flags.json)
          printJson(io, {
            task_id: started.taskId,
            event: outcome,
            message: last?.data.message ?? null,
            errors,
          });
        else if (outcome === 'bgtask_done') io.stdout.write(`rescan done: ${last?.data.message ?? ''}\n`);
        if (outcome !== 'bgtask_done') {
          const detail = errors.length ? `\n  ${errors.join('\n  ')}` : '';
          const what =
            outcome === 'bgtask_partial_success' ? 'finished with errors' : outcome.replace('bgtask_', '');
          throw new CommandFailure(
            `rescan ${what}: ${last?.data.message ?? 'the stream ended early'}${detail}`,
          );
        }
      }),
    );
}
