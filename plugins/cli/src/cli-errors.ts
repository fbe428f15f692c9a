/** The command line itself is wrong (a missing or contradictory option): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command could not do its job for a reason people can act on: one line, exit code 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
