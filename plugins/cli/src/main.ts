import { formatError } from '@tessera/core';
import { CommanderError } from 'commander';
import { processIo, type CliIo } from './cli-io';
import { describeFailure } from './failure-report';
import { buildProgram } from './program';

/**
 * Runs the `tessera` command with `argv` (the user's arguments, without node and the script) and
 * returns its exit code. A failure becomes one line on stderr; the stack trace only with --debug
 * or TESSERA_DEBUG=1.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.command.parseAsync([...argv], { from: 'user' });
    return program.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has printed its message
    const report = describeFailure(error);
    io.stderr.write(`tessera: ${report.line}\n`);
    if (program.debug() && error instanceof Error)
      io.stderr.write(`${formatError(error, { verbose: true })}\n`);
    return report.exitCode;
  }
}

/** The process entry point used by bin/tessera.js. */
export function runFromProcess(): void {
  // `tessera ... | head` closes the pipe early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`tessera: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
