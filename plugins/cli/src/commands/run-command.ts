import { Client } from '@tessera/client';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context';
import { collectKeyValue, parseSeconds } from '../key-value-option';
import { planRun, type RunFlags } from './run-plan';
import { RunSession } from './run-session';

const EXAMPLES = `
Examples:
  $ tessera run --rm -c 'print("hello")' python:3.11-ubuntu22.04
  $ tessera run -t mysess -r cpu=2 -r mem=4g -c 'import os; print(os.cpu_count())' python
  $ tessera run --rm --build '*' --exec ./main gcc:13 main.c

Output of the program goes to stdout and stderr as it arrives, streamed over the execute WebSocket
(/stream/session/:id/execute; --no-stream, or a manager without it, uses the REST execute loop); progress notes go to stderr (-q hides them).
When the program reads input, type a line; passwords are read without echo.
Exit code: 1 when a request fails; with --rm, the program's exit code when it is not 0; 130 after Ctrl-C.

Environment: BACKEND_ENDPOINT (comma list = fail-over), BACKEND_ACCESS_KEY, BACKEND_SECRET_KEY,
BACKEND_DOMAIN, BACKEND_GROUP, BACKEND_CONNECTION_TIMEOUT, BACKEND_READ_TIMEOUT (legacy SORNA_* names work too).`;

/** `tessera run [options] IMAGE [FILES...]`, after Backend.AI's `run` verb. */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .summary('run code in a session (created, or reused by name)')
    .description(
      'Create a session from IMAGE (or reuse the running one with the same name), run code in it and print its output.\n' +
        'Query mode runs a snippet given with -c; batch mode uploads FILES and runs --clean, --build and --exec.',
    )
    .argument('<image>', 'image name and tag, e.g. python:3.11-ubuntu22.04')
    .argument('[files...]', 'local files to upload for batch mode, relative to the current folder')
    .option('-c, --code <code>', 'the code snippet to run (query mode)')
    .option('--exec <command>', 'batch mode: the command that runs the program')
    .option('--build <command>', 'batch mode: the build command ("*" = the image default)')
    .option('--clean <command>', 'batch mode: the clean command, run before the build')
    .option('--rm', 'destroy the session when the run ends (also after Ctrl-C)')
    .option(
      '-t, --name <name>',
      'session name (4-64 letters, digits, hyphens); a running session of that name is reused',
    )
    .option('--no-reuse', 'fail instead of reusing a running session of the same name')
    .option(
      '-r, --resources <KEY=VAL>',
      'resource slot request, repeatable: -r cpu=2 -r mem=4g -r cuda.shares=0.5',
      collectKeyValue,
    )
    .option('-e, --env <KEY=VAL>', 'environment variable in the session, repeatable', collectKeyValue)
    .option('-m, --mount <vfolder>', 'mount a virtual folder (NAME or NAME:PATH), repeatable', collectList)
    .addOption(new Option('--type <type>', 'session type').choices(['interactive', 'batch']))
    .option('-g, --group <project>', 'project (group) name; default BACKEND_GROUP or "default"')
    .option('-d, --domain <domain>', 'domain name; default BACKEND_DOMAIN or "default"')
    .option('--tag <tag>', 'a free-form tag stored with the session')
    .option('--enqueue-only', 'only queue the session and return; nothing is run')
    .option(
      '--max-wait <seconds>',
      'give up when the session is not running after this many seconds (0 = wait)',
      parseSeconds,
    )
    .option('-q, --quiet', 'print only the output of the program')
    .option(
      '--no-stream',
      'run through the REST execute loop (POST /session/:id) instead of the execute WebSocket',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (image: string, files: string[], flags: RunFlags) => {
      const plan = planRun(image, files, flags);
      const client = Client.fromEnv(context.io.env);
      context.finish(await new RunSession(client, plan, context.io).run());
    });
}

function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
