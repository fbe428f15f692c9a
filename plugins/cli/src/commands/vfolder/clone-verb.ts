import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import { printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { verbAction, type JsonFlag } from '../admin/admin-verbs';
import { followToEnd } from '../background-task';
import { parsePermission, parseUsageMode } from './vfolder-options';

interface CloneFlags extends JsonFlag {
  targetHost?: string;
  usageMode?: 'general' | 'data' | 'model';
  permission?: 'ro' | 'rw' | 'wd';
  cloneable?: boolean;
  wait: boolean;
  quiet?: boolean;
}

/**
 * `tessera vfolder clone NAME TARGET`: creates the copy and follows the background task that fills
 * it (`/events/background-task`) to the end, with a progress bar. Exit 0 on bgtask_done, 1 otherwise.
 */
export function registerCloneVerb(group: Command, context: CommandContext): void {
  const { io } = context;
  group
    .command('clone')
    .description('Copy a cloneable folder into a new one, following the copy to the end')
    .argument('<name>', 'the folder to copy')
    .argument('<target-name>', 'the new folder name')
    .argument('[target-host]', "the storage host of the copy (default: the source's)")
    .option('-m, --usage-mode <mode>', 'general, data or model', parseUsageMode)
    .option('-p, --permission <perm>', 'ro, rw or wd (default rw)', parsePermission)
    .option('--cloneable', 'allow the copy to be cloned too')
    .option('--no-wait', 'return once the copy has started')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--json', 'print the new folder, the task id and its final event as JSON')
    .action(
      verbAction(
        context,
        async (name: string, target: string, targetHost: string | undefined, flags: CloneFlags) => {
          const client = await apiClient(io);
          const cloned = await client.vfolders.clone(name, target, {
            targetHost,
            usageMode: flags.usageMode,
            permission: flags.permission,
            cloneable: flags.cloneable,
          });
          if (!flags.wait) {
            if (flags.json) return printJson(io, cloned);
            io.stdout.write(`cloning ${name} into ${cloned.name} (task ${cloned.bgtask_id})\n`);
            return;
          }
          if (!flags.json && !flags.quiet)
            io.stderr.write(`cloning ${name} into ${cloned.name} (task ${cloned.bgtask_id})\n`);
          const last = await followToEnd(
            client,
            cloned.bgtask_id,
            io,
            flags.quiet === true || flags.json === true,
          );
          const outcome = last?.event ?? 'bgtask_failed';
          if (flags.json) printJson(io, { ...cloned, event: outcome, message: last?.data.message ?? null });
          else if (outcome === 'bgtask_done')
            io.stdout.write(`cloned ${name} into ${cloned.name} (${cloned.id})\n`);
          if (outcome !== 'bgtask_done') {
            throw new CommandFailure(
              `cloning ${name} ${outcome.replace('bgtask_', '')}: ${last?.data.message ?? 'the event stream ended early'}`,
            );
          }
        },
      ),
    );
}
