import { apiClient } from '../api-client';
import type { WriteStream } from 'node:tty';
import { type TerminalEnd, type TerminalStream } from '@tessera/client';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { CommandFailure, UsageError } from '../cli-errors';
import { onSession } from '../cli-output';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

const PING_INTERVAL_MS = 30_000;
const PROMPT_WAIT_MS = 5_000;
/** Ctrl-D: what the end of piped input becomes on the remote tty (the shell reads it as end of input). */
const END_OF_INPUT = Uint8Array.from([0x04]);
/** How often, and how many times more, the end of piped input is sent while the shell lives. */
const END_OF_INPUT_RESEND_MS = 2_000;
const END_OF_INPUT_RESENDS = 5;

const HELP = `
The local terminal is switched to raw mode, so every key (Ctrl-C included) goes to the remote shell;
leave with "exit" (or Ctrl-D). Window size changes are sent along. With --no-tty, stdin is passed
through as it is (for scripts: echo 'ls' | tessera session terminal mysess --no-tty); the end of
piped input is sent as Ctrl-D.

Exit code: 0 when the shell exited or the session ended; 1 when the manager refused or dropped the
terminal; 130 after Ctrl-C with --no-tty.`;

interface TerminalFlags {
  tty: boolean;
}

/** `tessera session terminal SESSION`: a shell on a pty in the session's main kernel. */
export function addTerminalCommand(session: Command, context: CommandContext): void {
  session
    .command('terminal')
    .summary('an interactive shell in a session (its main kernel)')
    .description(
      "Open a shell on a pty in the session's main kernel over /stream/session/:id/pty and connect it to this terminal.",
    )
    .argument('<session>', 'session name or id')
    .option('--no-tty', 'stdin is not a terminal: pass it through as is, without raw mode')
    .addHelpText('after', HELP)
    .action(async (reference: string, flags: TerminalFlags) => {
      const { io } = context;
      if (flags.tty && !io.stdin.isTTY) {
        throw new UsageError(
          'stdin is not a terminal; run this from a terminal, or pass --no-tty to send piped input as it is',
        );
      }
      const client = await apiClient(io);
      const size = flags.tty ? sizeOf(io) : undefined;
      const prompt = firstOutput();
      const terminal = await onSession(reference, () =>
        client.openTerminal(reference, {
          ...size,
          onOutput: (data) => {
            prompt.seen();
            io.stdout.write(data);
          },
          onError: (message) => io.stderr.write(`\r\ntessera: ${message}\r\n`),
        }),
      );
      context.finish(await connect(terminal, io, flags.tty, prompt.promise));
    });
}

/** Pipes stdin to the terminal until it ends; restores the local tty whatever happens. */
async function connect(
  terminal: TerminalStream,
  io: CliIo,
  tty: boolean,
  prompt: Promise<void>,
): Promise<number> {
  const stdin = io.stdin;
  let interrupted = false;
  const send = (chunk: Buffer | string): void => {
    if (terminal.open) terminal.write(chunk);
  };
  // A shell that was still setting up its tty can drop a Ctrl-D it got too early (the prompt
  // wait below makes that rare, not impossible): it is sent again while the shell lives, a few
  // times; an extra one reaches an empty prompt, which it ends as well.
  let resend: NodeJS.Timeout | undefined;
  let resent = 0;
  const onEnd = (): void => {
    if (!terminal.open) return;
    terminal.write(END_OF_INPUT);
    resend = setInterval(() => {
      if (!terminal.open || ++resent > END_OF_INPUT_RESENDS) clearInterval(resend);
      else terminal.write(END_OF_INPUT);
    }, END_OF_INPUT_RESEND_MS);
  };
  const onResize = (): void => {
    const size = sizeOf(io);
    if (size && terminal.open) terminal.resize(size.rows, size.cols);
  };
  const pinger = setInterval(() => terminal.open && terminal.ping(), PING_INTERVAL_MS);
  const stopInterrupt = tty
    ? () => undefined
    : io.onInterrupt(() => {
        interrupted = true;
        terminal.close();
      });
  let end: TerminalEnd;
  try {
    if (tty) {
      stdin.setRawMode?.(true);
      process.on('SIGWINCH', onResize);
    }
    // Piped input waits for the shell's first output (its prompt), at most PROMPT_WAIT_MS: an
    // end of input (Ctrl-D) typed ahead of a shell that is still starting gets lost.
    if (!tty) await waitForPrompt(prompt, terminal.ended);
    stdin.on('data', send);
    stdin.once('end', onEnd);
    stdin.resume();
    end = await terminal.ended;
  } finally {
    clearInterval(pinger);
    clearInterval(resend);
    stopInterrupt();
    stdin.off('data', send);
    stdin.off('end', onEnd);
    stdin.pause();
    if (tty) {
      process.off('SIGWINCH', onResize);
      stdin.setRawMode?.(false);
    }
    terminal.close();
  }
  if (tty) io.stderr.write('\r\n');
  if (interrupted) throw new CommandFailure('interrupted; the terminal was closed', EXIT.interrupted);
  return exitCodeOf(end);
}

function exitCodeOf(end: TerminalEnd): number {
  const why = end.reason ? `: ${end.reason}` : '';
  switch (end.how) {
    case 'exited':
    case 'closed':
      return EXIT.ok;
    case 'aborted':
      throw new CommandFailure('the terminal was closed', EXIT.interrupted);
    case 'server-stopping':
      throw new CommandFailure(`the manager is stopping and closed the terminal${why}`);
    case 'failed':
      throw new CommandFailure(`the terminal failed (the shell could not be restarted)${why}`);
    case 'too-slow':
      throw new CommandFailure('the manager closed the terminal: output was not read fast enough');
    default:
      throw new CommandFailure(`the connection to the terminal was lost (code ${end.code})${why}`);
  }
}

async function waitForPrompt(prompt: Promise<void>, ended: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, PROMPT_WAIT_MS)));
  await Promise.race([prompt, ended, timeout]);
  clearTimeout(timer);
}

function firstOutput(): { promise: Promise<void>; seen: () => void } {
  let seen!: () => void;
  const promise = new Promise<void>((resolve) => (seen = resolve));
  return { promise, seen };
}

function sizeOf(io: CliIo): { rows: number; cols: number } | undefined {
  const out = io.stdout as Partial<WriteStream>;
  const rows = out.rows;
  const cols = out.columns;
  if (!rows || !cols) return undefined;
  return { rows: Math.min(rows, 1000), cols: Math.min(cols, 1000) };
}
