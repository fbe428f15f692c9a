import { randomBytes } from 'node:crypto';

/** A namespace of its own per test run, so parallel runs and other suites never share a lock. */
export function randomNamespace(): string {
  return `test-locks-${randomBytes(4).toString('hex')}`;
}
