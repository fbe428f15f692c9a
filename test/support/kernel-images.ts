import { join } from 'node:path';
import { findRepoRoot } from './halfstack-addresses';
import { runCommand } from './run-command';

/** The images `scripts/images build` makes (docs/images.md). */
export const PYTHON_IMAGE = 'tessera/python:3.11-debian12';
export const BUSYBOX_IMAGE = 'tessera/busybox:1.35-debian12';

/** How long a `before` hook that calls {@link requireKernelImages} should allow on a cold cache. */
export const IMAGES_BUILD_TIMEOUT_MS = 15 * 60_000;

let building: Promise<void> | undefined;

/**
 * Makes sure the kernel images exist in the local Docker engine: `scripts/images build` is a
 * no-op when they are current, and builds them (from Debian packages) when not. Once per process.
 */
export function requireKernelImages(): Promise<void> {
  building ??= runCommand(join(findRepoRoot(), 'scripts', 'images'), ['build'], {
    timeoutMs: IMAGES_BUILD_TIMEOUT_MS,
  }).then(
    () => undefined,
    (error: unknown) => {
      building = undefined;
      throw new Error(
        `the kernel images are missing and scripts/images build failed (see docs/images.md): ${String(error)}`,
      );
    },
  );
  return building;
}
