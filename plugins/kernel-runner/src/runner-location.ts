import { join } from 'node:path';

/**
 * The folder holding the kernel runner: `main.py` and the `tessera_kernel` package. It ships in
 * this package's `runner/` folder (listed in package.json `files`), next to `dist/`, so a backend
 * can start it on the host or copy or mount it into a container.
 */
export const RUNNER_ROOT: string = join(__dirname, '..', 'runner');

/** The runner's entry script: `python3 <it>` (stdio) or `python3 <it> --listen <socket>`. */
export function runnerMainScript(): string {
  return join(RUNNER_ROOT, 'main.py');
}
