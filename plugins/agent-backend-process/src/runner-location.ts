import { join } from 'node:path';

/**
 * The kernel runner's entry script. It ships in the package's `runner/` folder (listed in
 * package.json `files`), next to `dist/`.
 */
export function runnerMainScript(): string {
  return join(__dirname, '..', 'runner', 'main.py');
}
