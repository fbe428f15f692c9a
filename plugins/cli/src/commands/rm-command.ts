import { apiClient } from '../api-client';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

/** `tessera rm SESSION...`: terminates sessions. */
export function registerRmCommand(program: Command, context: CommandContext): void {
  program
    .command('rm')
    .aliases(['destroy', 'kill'])
    .summary('terminate sessions')
    .description('Terminate one or more sessions by name or id. Terminating a PENDING session cancels it.')
    .argument('<sessions...>', 'session names or ids')
    .option('-f, --forced', 'terminate even when the session is stuck')
    .action(async (sessions: string[], flags: { forced?: boolean }) => {
      const client = await apiClient(context.io);
      for (const session of sessions) {
        await client.destroySession(session, { forced: flags.forced });
        context.io.stdout.write(`destroyed ${session}\n`);
      }
      context.finish(EXIT.ok);
    });
}
