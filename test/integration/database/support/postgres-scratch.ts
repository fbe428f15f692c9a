import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Config } from '@tessera/database';
import { requireServices } from '../../../support/halfstack';

/** A database of its own on the halfstack server, for one suite; `drop` removes it. */
export interface ScratchDatabase {
  name: string;
  /** The plugin config keys that reach it. */
  config: Pick<Config, 'driver' | 'host' | 'port' | 'user' | 'password' | 'database'>;
  /** Runs SQL in it (table checks, truncation, fault set-up). */
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function run<T>(url: URL, database: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
  });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `CREATE DATABASE tessera_test_<random>` on the halfstack PostgreSQL (started if it is down). */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const { postgres } = await requireServices(['postgres']);
  const url = new URL(postgres);
  const admin = url.pathname.slice(1) || 'postgres';
  const name = `tessera_test_${randomBytes(5).toString('hex')}`;
  await run(url, admin, `create database "${name}"`);
  return {
    name,
    config: {
      driver: 'postgresql',
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: name,
    },
    query: (sql, values) => run(url, name, sql, values),
    drop: async () => void (await run(url, admin, `drop database if exists "${name}" with (force)`)),
  };
}
