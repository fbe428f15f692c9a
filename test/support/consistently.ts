import { EVENTUALLY_INTERVAL_MS } from './eventually';

/**
 * Shows that something does NOT happen for a while (no heartbeat after stop, no second term):
 * calls `check` every `intervalMs` for `forMs` and fails at the first attempt that throws or
 * returns `false`, naming `what` and when it stopped holding.
 *
 * Absence can only be shown over a window, so this is the one wait of a fixed length tests use.
 * Use it only where the code offers no event or barrier that proves the absence, and say at the
 * call why `forMs` is long enough (say, "the loop would beat every 100 ms; 300 ms without a beat
 * means it stopped"). `forMs` has no default for that reason.
 */
export async function consistently(
  check: () => unknown,
  what: string,
  options: { forMs: number; intervalMs?: number },
): Promise<void> {
  const { forMs, intervalMs = EVENTUALLY_INTERVAL_MS } = options;
  const started = Date.now();
  const end = started + forMs;
  for (;;) {
    let failure: string | undefined;
    try {
      if ((await check()) === false) failure = 'the condition became false';
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure !== undefined) {
      throw new Error(`expected ${what} for ${forMs} ms, but after ${Date.now() - started} ms ${failure}`);
    }
    const left = end - Date.now();
    if (left <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
