import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import { printJson } from '../../cli-output';
import { followToEnd } from '../background-task';
import type { CommandContext } from '../../command-context';
import { verbAction, type JsonFlag } from './admin-verbs';

interface RescanFlags extends JsonFlag {
  quiet?: boolean;
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
        const last = await followToEnd(
          client,
          started.taskId,
          io,
          flags.quiet === true || flags.json === true,
        );
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
