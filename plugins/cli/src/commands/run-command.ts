import { apiClient } from '../api-client';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../cli-errors';
import type { CommandContext } from '../command-context';
import { collectKeyValue, parseSeconds } from '../key-value-option';
import { runInParallel } from './run-parallel';
import { planParallelRuns, planRun, type RunFlags } from './run-plan';
import { RunSession } from './run-session';

const EXAMPLES = `
Examples:
  $ tessera run --rm -c 'print("hello")' python:3.11-ubuntu22.04
  $ tessera run -t mysess -r cpu=2 -r mem=4g -c 'import os; print(os.cpu_count())' python
  $ tessera run --rm --build '*' --exec ./main gcc:13 main.c
  $ tessera run --rm -e 'LR=$LR' --env-range LR=linspace:0.1,0.5,5 --exec 'python train.py' python main.py
  $ tessera run --rm --exec 'python sim.py $N' --exec-range N=range:1,10,3 --max-parallel 3 python sim.py

Range expressions (one run per combination of all range options, each run's output lines prefixed
with [SESSION-NAME], sessions named NAME-1, NAME-2, ...): case:a,b,c; linspace:start,stop,points
(both ends included); range:start,stop,step (stop excluded). $NAME and \${NAME} are filled in the
option each range belongs to; other $ words are left for the shell.

Output of the program goes to stdout and stderr as it arrives, streamed over the execute WebSocket
(/stream/session/:id/execute; --no-stream, or a manager without it, uses the REST execute loop); progress notes go to stderr (-q hides them).
When the program reads input, type a line; passwords are read without echo.
Exit code: 1 when a request fails; with --rm, the program's exit code when it is not 0; 130 after Ctrl-C.
With range options: 1 when any run failed or its program exited non-zero.

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
    .option('--cluster-size <n>', 'the number of containers of the session', parsePositive('--cluster-size'))
    .addOption(
      new Option('--cluster-mode <mode>', 'place the containers on one agent or several').choices([
        'single-node',
        'multi-node',
      ]),
    )
    .option('--depends <session>', 'a session that must finish successfully first, repeatable', collectList)
    .option('--starts-at <time>', 'batch sessions: start at an ISO 8601 time or after a delay (30min, 1d2h)')
    .option('--bootstrap-script <file>', 'a local shell script run in each kernel before it is ready')
    .option('--callback-url <url>', "where the manager POSTs the session's lifecycle events")
    .option(
      '--env-range <NAME=EXPR>',
      'fill $NAME in -e values with each value of EXPR, repeatable',
      collectList,
    )
    .option(
      '--build-range <NAME=EXPR>',
      'fill $NAME in --build with each value of EXPR, repeatable',
      collectList,
    )
    .option(
      '--exec-range <NAME=EXPR>',
      'fill $NAME in --exec with each value of EXPR, repeatable',
      collectList,
    )
    .option(
      '--max-parallel <n>',
      'with range options: runs at the same time (default 2)',
      parsePositive('--max-parallel'),
    )
    .option('-q, --quiet', 'print only the output of the program')
    .option(
      '--no-stream',
      'run through the REST execute loop (POST /session/:id) instead of the execute WebSocket',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (image: string, files: string[], flags: RunFlags) => {
      const extras = { bootstrapScript: await readScript(context.io.cwd, flags.bootstrapScript) };
      const parallel = planParallelRuns(image, files, flags, extras);
      const plan = parallel ? undefined : planRun(image, files, flags, extras);
      const client = await apiClient(context.io);
      context.finish(
        parallel
          ? await runInParallel(client, parallel, context.io)
          : await new RunSession(client, plan!, context.io).run(),
      );
    });
}

async function readScript(cwd: string, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--bootstrap-script: cannot read ${file} (${reason})`);
  }
}

function parsePositive(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
      throw new InvalidArgumentError(`${option} expects a whole number of 1 or more, got "${value}".`);
    }
    return Number(value);
  };
}

function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
