import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Finds an installed package's folder the way Node would from any of `fromDirs` (walking up
 * through node_modules folders), without loading it and without relying on its `exports` map.
 */
export function findPackageDir(packageName: string, fromDirs: string[]): string | undefined {
  for (const start of fromDirs) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'node_modules', packageName);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}
