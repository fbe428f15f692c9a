import { TesseraError } from '@tessera/core';

/** Every error this plugin raises is built here, so messages read the same everywhere. */
export const DatabaseErrors = {
  /** The database cannot be opened or reached. `where` is the file path or host. */
  unavailable(where: string, cause: unknown): TesseraError {
    const reason = cause instanceof Error ? cause.message : String(cause);
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

  sessionNotFound(sessionId: string): TesseraError {
    return TesseraError.notFound('session-not-found', `session ${sessionId} does not exist`, { sessionId });
  },

  kernelNotFound(kernelId: string): TesseraError {
    return TesseraError.notFound('object-not-found', `kernel ${kernelId} does not exist`, { kernelId });
  },

  /** A placement names a kernel outside the session, or leaves one of its kernels out: a scheduler bug. */
  placementMismatch(sessionId: string, detail: Record<string, unknown>): TesseraError {
    return TesseraError.internal(
      `the placements for session ${sessionId} do not match its kernels: ${JSON.stringify(detail)}`,
    );
  },
};
