import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const FIXTURE_PLUGINS = join(REPO_ROOT, 'test', 'fixtures', 'plugins');

/**
 * A throw-away project folder whose node_modules holds the chosen fixture plugins (by folder
 * name under test/fixtures/plugins) and the repository's own @tessera packages, linked.
 */
export function pluginSandbox(
  fixtures: string[],
  tesseraPackages: string[] = ['core'],
): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sandbox-'));
  const link = (name: string, target: string) => {
    const path = join(dir, 'node_modules', name);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  };
  for (const fixture of fixtures) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const name = (require(join(FIXTURE_PLUGINS, fixture, 'package.json')) as { name: string }).name;
    link(name, join(FIXTURE_PLUGINS, fixture));
  }
  for (const pkg of tesseraPackages) {
    const folder = join(REPO_ROOT, pkg);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    link((require(join(folder, 'package.json')) as { name: string }).name, folder);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixtureCalls(): string[] {
  const holder = globalThis as { __tesseraFixtureCalls?: string[] };
  holder.__tesseraFixtureCalls ??= [];
  return holder.__tesseraFixtureCalls;
}
