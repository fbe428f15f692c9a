import { TesseraError } from '@tessera/core';

/**
 * The TesseraError `attempt` rejects with, to assert its code and message. Fails the test when the
 * attempt succeeds, and rethrows any other error (a bug, not the expected failure).
 */
export async function tesseraFailure(attempt: Promise<unknown>): Promise<TesseraError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected a TesseraError, but the attempt succeeded');
}
