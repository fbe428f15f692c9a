import type { EntityManager } from '@mikro-orm/core';
import { TesseraError } from '@tessera/core';

/** The part of a better-sqlite3 database this file uses. */
interface SqliteConnection {
  prepare(sql: string): { all(...values: unknown[]): unknown[] };
}
type Prepared = ReturnType<SqliteConnection['prepare']>;

/** Statements prepared on each connection, by their text: SQLite parses and plans each once. */
const prepared = new WeakMap<SqliteConnection, Map<string, Prepared>>();

/**
 * SQLite: runs one read statement on the ORM's connection, prepared once per connection and
 * reused, outside MikroORM's and knex's query building (the hot read of the user API). The
 * counterpart of `runPgStatement`; driver errors become MikroORM's, as elsewhere.
 */
export async function runSqliteStatement<R>(em: EntityManager, sql: string, values: unknown[]): Promise<R[]> {
  const client = (em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex().client;
  let connection: SqliteConnection | undefined;
  try {
    connection = (await client.acquireConnection()) as SqliteConnection;
    let statements = prepared.get(connection);
    if (!statements) prepared.set(connection, (statements = new Map()));
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
    return statement.all(...values) as R[];
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}
