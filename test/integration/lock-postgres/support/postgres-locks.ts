import { Client } from 'pg';
import { createLogger } from '@tessera/core';
import { PostgresLockService, sessionApplicationName } from '@tessera/lock-postgres';

const silent = createLogger({ level: 'silent' });

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Reads postgresql://user:password@host:port/database. */
export function postgresSettings(url: string): PostgresSettings {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.replace(/^\//, ''),
  };
}

export async function connectPostgresLocks(url: string, namespace: string): Promise<PostgresLockService> {
  const service = new PostgresLockService(
    { ...postgresSettings(url), namespace, defaultTtlMs: 5000, connectTimeoutMs: 3000 },
    silent,
  );
  await service.connect();
  return service;
}

/** Runs `work` on a connection of its own, as an operator's psql would be. */
export async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(postgresSettings(url));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Ends, from another connection, every session of `namespace`'s lock service that holds an
 * advisory lock (pg_terminate_backend), as an operator or a crashed network would. Returns how
 * many it ended.
 */
export async function terminatePostgresHolders(url: string, namespace: string): Promise<number> {
  return withPostgres(url, async (client) => {
    const result = await client.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
      [sessionApplicationName(namespace)],
    );
    return result.rowCount ?? 0;
  });
}
