import type { CliIo } from './cli-io';

/** What every verb receives from the program that registered it. */
export interface CommandContext {
  io: CliIo;
  /** `--debug` or `TESSERA_DEBUG=1`: print stack traces with errors. */
  debug(): boolean;
  /** Records the exit code the verb finished with. */
  finish(exitCode: number): void;
}
