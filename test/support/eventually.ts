/** How long `eventually` keeps trying, and how often. */
export interface EventuallyOptions {
  /**
   * Gives up after this long. The default stays under mocha's default test timeout (10 s), so a
   * failure shows this helper's message rather than mocha's bare "timeout exceeded".
   */
  timeoutMs?: number;
  /** The pause between two attempts. */
  intervalMs?: number;
  /** Stops waiting at once, rejecting with the signal's reason (say, the server being waited for exited). */
  signal?: AbortSignal;
}

export const EVENTUALLY_TIMEOUT_MS = 5000;
export const EVENTUALLY_INTERVAL_MS = 10;

/**
 * Waits for an effect the code under test produces asynchronously without an event to wait on (a
 * row written, a handler run, a process gone): calls `check` until it passes and resolves to what
 * it returned. Where the code does offer an event, a barrier (`drain`, `idle`) or an injectable
 * clock, wait on that instead; never sleep and then assert.
 *
 * `check` passes when it returns (or resolves to) anything but `false` without throwing, so it can
 * be a condition (`() => events.length === 2`), a chai assertion (`() => expect(row).to.include(...)`)
 * or a lookup that returns the thing found or `false` (`() => events.find(...) ?? false`).
 *
 * After `timeoutMs` (a number is taken as that) it rejects naming `what`, the wait and why the last
 * attempt failed: the assertion's message (also the error's `cause`), the condition still false, or
 * an attempt that had not settled (a single attempt is cut off at the deadline too).
 */
export async function eventually<T>(
  check: () => T | PromiseLike<T>,
  what: Described<T>,
  options: number | EventuallyOptions = {},
): Promise<Exclude<Awaited<T>, false>> {
  const {
    timeoutMs = EVENTUALLY_TIMEOUT_MS,
    intervalMs = EVENTUALLY_INTERVAL_MS,
    signal,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    signal?.throwIfAborted();
    attempts++;
    const outcome = await raceWith(attempt(check), deadline - Date.now(), signal);
    if (outcome === 'aborted') throw signal!.reason;
    if (outcome !== 'elapsed' && outcome.passed) return outcome.value as Exclude<Awaited<T>, false>;
    const left = deadline - Date.now();
    if (outcome === 'elapsed' || left <= 0) throw timedOut(what, timeoutMs, attempts, outcome);
    if ((await raceWith(undefined, Math.min(intervalMs, left), signal)) === 'aborted') throw signal!.reason;
  }
}

/**
 * `what`'s type: a plain string, unless `check` may answer `undefined` among other things (a lookup
 * `found ? found : undefined`). `undefined` passes (an assertion callback returns nothing), so such a
 * check would stop waiting at once; the compiler then asks for `false` instead.
 */
type Described<T> = [T] extends [void]
  ? string
  : undefined extends T
    ? 'a waiting check must answer false, not undefined'
    : string;

type Attempt<T> = { passed: true; value: T } | { passed: false; error?: unknown };

async function attempt<T>(check: () => T | PromiseLike<T>): Promise<Attempt<Awaited<T>>> {
  try {
    const value = await check();
    return value === false ? { passed: false } : { passed: true, value };
  } catch (error) {
    return { passed: false, error };
  }
}

/** `work`'s result (when there is work), or 'elapsed' after `ms`, or 'aborted' when `signal` aborts first. */
async function raceWith<T>(
  work: Promise<T> | undefined,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<T | 'elapsed' | 'aborted'> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const interruption = new Promise<'elapsed' | 'aborted'>((resolve) => {
    timer = setTimeout(() => resolve('elapsed'), Math.max(0, ms));
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await (work ? Promise.race([work, interruption]) : interruption);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort!);
  }
}

function timedOut(
  what: string,
  timeoutMs: number,
  attempts: number,
  last: Attempt<unknown> | 'elapsed',
): Error {
  const tried = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  let why: string;
  let cause: unknown;
  if (last === 'elapsed') why = 'the last attempt had not finished';
  else if (!last.passed && 'error' in last) {
    cause = last.error;
    why = `the last attempt failed: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  } else why = 'the condition was still false';
  const error = new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${tried}; ${why})`);
  if (cause !== undefined) error.cause = cause;
  return error;
}
