import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CommandFailure } from './cli-errors';

/** What `tessera login` keeps: the keypair the manager handed out and where it came from. */
export interface StoredCredentials {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  domain: string;
  email: string;
  role: string;
  savedAt: string;
}

/**
 * Where the CLI keeps its login: `$TESSERA_CONFIG_DIR/credentials.json`, else
 * `$XDG_CONFIG_HOME/tessera/credentials.json`, else `~/.config/tessera/credentials.json`.
 */
export function credentialsPath(env: NodeJS.ProcessEnv): string {
  if (env.TESSERA_CONFIG_DIR) return join(env.TESSERA_CONFIG_DIR, 'credentials.json');
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'tessera', 'credentials.json');
}

/** The stored login, or undefined when there is none. A file that cannot be read is an error naming it. */
export async function readCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | undefined> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CommandFailure(`cannot read ${path}: ${(error as Error).message}`);
  }
  let stored: Partial<StoredCredentials>;
  try {
    stored = JSON.parse(text) as Partial<StoredCredentials>;
  } catch {
    throw new CommandFailure(`${path} is not JSON; run "tessera logout" and log in again`);
  }
  for (const key of ['endpoint', 'accessKey', 'secretKey'] as const) {
    if (typeof stored[key] !== 'string' || stored[key] === '') {
      throw new CommandFailure(`${path} has no ${key}; run "tessera logout" and log in again`);
    }
  }
  return stored as StoredCredentials;
}

/** Writes the login readable by its owner only (mode 0600, in a 0700 folder). */
export async function writeCredentials(
  env: NodeJS.ProcessEnv,
  credentials: StoredCredentials,
): Promise<string> {
  const path = credentialsPath(env);
  const folder = join(path, '..');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // Remove first: writeFile's mode applies only to a file it creates.
  await rm(path, { force: true });
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return path;
}

/** Removes the stored login; false when there was none. */
export async function removeCredentials(env: NodeJS.ProcessEnv): Promise<boolean> {
  const path = credentialsPath(env);
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CommandFailure(`cannot remove ${path}: ${(error as Error).message}`);
  }
}
