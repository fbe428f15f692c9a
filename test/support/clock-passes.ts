import { eventually } from './eventually';

/**
 * Resolves once the wall clock reads later than `instant` (usually within a millisecond).
 *
 * The repositories stamp rows with `new Date()` and take no clock, so a test that needs rows in a
 * known creation order waits for the clock to pass the previous row's stamp before creating the
 * next one, instead of sleeping a guessed few milliseconds.
 */
export async function clockPasses(instant: Date): Promise<void> {
  await eventually(() => Date.now() > instant.getTime(), `the clock to pass ${instant.toISOString()}`, {
    intervalMs: 1,
  });
}
