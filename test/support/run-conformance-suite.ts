import Mocha from 'mocha';

export interface ConformanceOutcome {
  /** Titles of the tests that passed (the test's own title, without its suite's). */
  passed: string[];
  /** Titles of the tests and hooks that failed, with the assertion that failed. */
  failed: Array<{ title: string; message: string }>;
}

/**
 * Runs the tests that `declare` declares (a `describe...Conformance(...)` call) in a mocha of
 * their own, from inside a running test, and answers which passed and which failed. This is how a
 * test shows that a conformance suite catches a broken implementation: the outer test passes when
 * the inner suite fails where it should.
 *
 * `declare` runs while mocha's globals (`describe`, `it`, hooks) point at the inner mocha; they are
 * put back before this returns, so the outer run is untouched.
 */
export async function runConformanceSuite(
  declare: () => void,
  options: { timeoutMs?: number } = {},
): Promise<ConformanceOutcome> {
  const outcome: ConformanceOutcome = { passed: [], failed: [] };
  class Collector extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => void outcome.passed.push(test.title));
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error: Error) => {
        outcome.failed.push({ title: test.title, message: error.message });
      });
    }
  }
  const mocha = new Mocha({ reporter: Collector, timeout: options.timeoutMs ?? 30_000 });
  const inner: Record<string, unknown> = {};
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, inner, 'conformance-under-test', mocha);
  const globals = globalThis as unknown as Record<string, unknown>;
  const outer = Object.keys(inner).map(
    (key) => [key, Object.getOwnPropertyDescriptor(globals, key)] as const,
  );
  Object.assign(globals, inner);
  try {
    declare();
  } finally {
    for (const [key, descriptor] of outer) {
      if (descriptor) Object.defineProperty(globals, key, descriptor);
      else delete globals[key];
    }
  }
  try {
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } finally {
    mocha.dispose();
  }
  return outcome;
}
