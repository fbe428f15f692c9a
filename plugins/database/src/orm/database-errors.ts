import { TesseraError } from '@tessera/core';

/** Every error this plugin raises is built here, so messages read the same everywhere. */
export const DatabaseErrors = {
  /** The database cannot be opened or reached. `where` is the file path or host. */
  unavailable(where: string, cause: unknown): TesseraError {
    const reason = describeCause(cause);
    return new TesseraError(
      'database-unavailable',
      `the database at ${where} is unavailable: ${reason}`,
      { where },
      {},
      {
        cause,
      },
    );
  },

  notOpen(): TesseraError {
    return new TesseraError(
      'database-unavailable',
      'the database is not open: it opens in the plugin init phase and closes in stop',
    );
  },

  exampleFixturesRefused(driver: string): TesseraError {
    return new TesseraError(
      'config-invalid',
      `exampleFixtures is true but the driver is "${driver}": the example keypair AKIAIOSFODNN7EXAMPLE is public and is ` +
        'only created in the embedded sqlite database; set exampleFixtures to false and create real keypairs',
      { field: 'exampleFixtures', driver, expected: 'exampleFixtures: false unless driver is sqlite' },
    );
  },

  /** PostgreSQL lacks migrations this version ships: a manager must not run on an older schema. */
  migrationsPending(where: string, pending: string[]): TesseraError {
    const count = pending.length === 1 ? '1 migration' : `${pending.length} migrations`;
    return new TesseraError(
      'database-unavailable',
      `the database at ${where} is ${count} behind this version of Tessera (${pending.join(', ')}): ` +
        'run "tessera schema migrate <manifest>" first',
      { where, pending },
    );
  },

  /** The embedded database was written by an older version whose tables cannot be changed in place. */
  sqliteSchemaOutdated(path: string, cause: unknown): TesseraError {
    return new TesseraError(
      'database-unavailable',
      `the SQLite database at ${path} was written by an older version of Tessera and its tables cannot be ` +
        'brought up to date in place: move the file aside to start with an empty database (--debug shows why)',
      { where: path },
      {},
      { cause },
    );
  },

  /** A fixture document does not fit the format; `path` is the JSON pointer of the offending value. */
  fixtureInvalid(path: string, problem: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError('fixture-invalid', `${path || '/'}: ${problem}`, { path, ...details });
  },

  sessionNotFound(sessionId: string): TesseraError {
    return TesseraError.notFound('session-not-found', `session ${sessionId} does not exist`, { sessionId });
  },

  kernelNotFound(kernelId: string): TesseraError {
    return TesseraError.notFound('object-not-found', `kernel ${kernelId} does not exist`, { kernelId });
  },

  /** A row a write names is missing; `what` names it (`domain "lab"`, `user with e-mail "a@b"`). */
  objectNotFound(what: string, details: Record<string, unknown> = {}): TesseraError {
    return TesseraError.notFound('object-not-found', `${what} not found`, details);
  },

  /** A create or rename would duplicate a unique key; `what` names the duplicate. */
  objectAlreadyExists(what: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError('object-already-exists', `${what} already exists`, details);
  },

  /** A purge or delete refused while other rows still refer to the object; `why` says what refers. */
  objectInUse(why: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError('object-in-use', why, details);
  },

  /** A placement names a kernel outside the session, or leaves one of its kernels out: a scheduler bug. */
  placementMismatch(sessionId: string, detail: Record<string, unknown>): TesseraError {
    return TesseraError.internal(
      `the placements for session ${sessionId} do not match its kernels: ${JSON.stringify(detail)}`,
    );
  },
};

/** A cause's message; network errors raced over several addresses carry theirs inside. */
function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && !cause.message) {
    return [...new Set(cause.errors.map(describeCause))].join('; ');
  }
  if (cause instanceof Error) return cause.message || (cause as { code?: string }).code || cause.name;
  return String(cause);
}
