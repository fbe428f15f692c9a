import { apiClient } from '../api-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type SessionCommitStarted } from '@tessera/client';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { CommandFailure, UsageError } from '../cli-errors';
import { onSession, printJson } from '../cli-output';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const HELP = `
The session must be RUNNING. Its main kernel's container is saved, in the background, as a gzipped
image archive (docker save) on the session's agent, under its commit directory:
<commitDir>/<owner e-mail>/<time>_<session>_<image>.tar.gz. Load it with: docker load -i <file>.

Examples:
  $ tessera session commit mysess
  $ tessera session commit mysess --wait
  $ tessera session commit mysess --wait --json

Exit code: 0 when the commit started (with --wait: finished); 1 when it was refused, or the session
ended before it finished; 130 after Ctrl-C (the commit goes on on the agent).`;

interface CommitFlags {
  wait?: boolean;
  interval: string;
  json?: boolean;
}

/** `tessera session commit SESSION`: save the session's main kernel as an image archive on its agent. */
export function addSessionCommitCommand(session: Command, context: CommandContext): void {
  session
    .command('commit')
    .summary("save a running session's container as an image archive on its agent")
    .argument('<session>', 'session name or id')
    .option('--wait', 'poll the commit status until the archive is written')
    .option('--interval <seconds>', 'seconds between status polls with --wait', '1')
    .option('--json', 'print the POST /session/:id/commit answer (with --wait, plus the final "status")')
    .addHelpText('after', HELP)
    .action(async (reference: string, flags: CommitFlags) => {
      const intervalMs = pollInterval(flags.interval);
      const { io } = context;
      const api = await apiClient(io);
      const started = await onSession(reference, () => api.commitSession(reference));
      if (!flags.json) io.stdout.write(startedLine(reference, started));
      if (!flags.wait) {
        if (flags.json) printJson(io, started);
        context.finish(EXIT.ok);
        return;
      }
      await waitUntilWritten(api, reference, io, intervalMs, !flags.json);
      if (flags.json) printJson(io, { ...started, status: 'ready' });
      else io.stdout.write(`commit of session ${reference} finished: ${started.location ?? started.path}\n`);
      context.finish(EXIT.ok);
    });
}

function pollInterval(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 600)
    throw new UsageError(`--interval must be a number of seconds from 0.1 to 600, got "${text}"`);
  return seconds * 1000;
}

function startedLine(reference: string, started: SessionCommitStarted): string {
  const where = started.location ?? started.path;
  const agent = started.agent ? ` on agent ${started.agent}` : '';
  return `committing session ${reference} (kernel ${started.kernel})${agent}: the archive goes to ${where}\n`;
}

/**
 * Polls `GET /session/:id/commit` until the status is no longer `ongoing`, drawing a spinner with
 * the time waited on stderr when it is a terminal. `''` means the session stopped running first.
 */
async function waitUntilWritten(
  api: Client,
  reference: string,
  io: CliIo,
  intervalMs: number,
  show: boolean,
): Promise<void> {
  const live = show && (io.stderr as { isTTY?: boolean }).isTTY === true;
  const cancel = new AbortController();
  const stop = io.onInterrupt(() => cancel.abort());
  const since = Date.now();
  let frame = 0;
  try {
    for (;;) {
      const { status } = await onSession(reference, () =>
        api.getCommitStatus(reference, { signal: cancel.signal }),
      );
      if (status === 'ready') return;
      if (status === '')
        throw new CommandFailure(
          `session ${reference} stopped running before its commit finished; the archive may be incomplete`,
        );
      if (live) {
        const seconds = Math.floor((Date.now() - since) / 1000);
        io.stderr.write(
          `\r${SPINNER[frame++ % SPINNER.length]} committing session ${reference}… ${seconds}s\u001b[K`,
        );
      }
      await sleep(intervalMs, undefined, { signal: cancel.signal });
    }
  } catch (error) {
    if (cancel.signal.aborted)
      throw new CommandFailure(
        'interrupted; the commit goes on on the agent (GET /session/:id/commit reports when it is done)',
        EXIT.interrupted,
      );
    throw error;
  } finally {
    stop();
    if (live) io.stderr.write('\r\u001b[K');
  }
}
