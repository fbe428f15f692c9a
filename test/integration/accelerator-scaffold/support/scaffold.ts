import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../support/plugin-sandbox';

export const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');

export interface Exit {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * This environment without npm's own variables: the tests run under `npm test` or `npx`, whose
 * `npm_config_*` settings (prefix, workspace, ...) must not leak into the npm commands run here.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** Runs a program in `cwd` and answers how it exited (never rejects on a non-zero exit). */
export function run(
  file: string,
  args: string[],
  cwd: string,
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<Exit> {
  const { timeoutMs = 120_000, env = {} } = options;
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        env: { ...cleanEnv(), ...env },
        encoding: 'utf8',
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ status: error ? (typeof code === 'number' ? code : -1) : 0, stdout, stderr });
      },
    );
  });
}

export const tessera = (args: string[], cwd: string, env: Record<string, string> = {}): Promise<Exit> =>
  run(process.execPath, [CLI, ...args], cwd, { timeoutMs: 60_000, env });

export const npm = (args: string[], cwd: string): Promise<Exit> =>
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);

/**
 * A scratch folder inside the repository (under build/, which git ignores), so that packages made
 * there resolve @tessera/core, typescript, mocha and their types from the repository's node_modules
 * the way Node and tsc walk up, without an `npm install` from a registry.
 */
export function scratchInRepo(label: string): { dir: string; remove(): void } {
  const parent = join(REPO_ROOT, 'build', 'scratch');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fails with everything the command printed when it did not exit 0. */
export function expectSuccess(what: string, exit: Exit): Exit {
  if (exit.status !== 0) {
    throw new Error(`${what} exited ${exit.status}\n--- stdout\n${exit.stdout}\n--- stderr\n${exit.stderr}`);
  }
  return exit;
}
