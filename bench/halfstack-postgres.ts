import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '@tessera/core';

/*
 * What the benchmarks that run on the halfstack's PostgreSQL share: where it is, one-off
 * statements, scratch databases, pgbench as the reference, and a silent logger.
 */

const server = new URL(
  process.env.TESSERA_HALFSTACK_POSTGRES_URL ?? 'postgresql://postgres:develove@127.0.0.1:8100/backend',
);

/** Connection settings of the halfstack's PostgreSQL (TESSERA_HALFSTACK_POSTGRES_URL overrides). */
export const reach = {
  host: server.hostname,
  port: Number(server.port || 5432),
  user: decodeURIComponent(server.username),
  password: decodeURIComponent(server.password),
};

/** The database named in the URL, where scratch databases are created and dropped from. */
export const adminDatabase = server.pathname.slice(1) || 'postgres';

/** Runs one statement on its own connection and returns the rows. */
export async function sql<T = Record<string, unknown>>(database: string, text: string): Promise<T[]> {
  const client = new Client({ ...reach, database });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A new empty database named `<prefix>_<random>`. */
export async function scratchDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await sql(adminDatabase, `create database "${name}"`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await sql(adminDatabase, `drop database if exists "${name}" with (force)`);
}

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** pgbench's simple-update (`-N`) transactions per second on `database`, after initialising it. */
export function pgbenchTps(database: string, clients: number, seconds: number): number {
  const common = ['-h', reach.host, '-p', String(reach.port), '-U', reach.user];
  const env = { ...process.env, PGPASSWORD: reach.password };
  execFileSync('pgbench', ['-i', '-q', ...common, database], { env, stdio: 'pipe' });
  const out = execFileSync(
    'pgbench',
    ['-N', '-T', String(seconds), '-c', String(clients), ...common, database],
    {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(tps[1]);
}
