import type { EntityManager } from '@mikro-orm/postgresql';
import { TesseraError } from '@tessera/core';

/** A named statement: each connection parses and plans it once, then only binds values. */
export interface PgStatement {
  name: string;
  text: string;
}

/** The part of a `pg` client this file uses. */
interface PgConnection {
  query<R>(query: PgStatement & { values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs one statement on a connection of the ORM's pool, outside MikroORM's query building (the
 * scheduler's hot path: a statement per batch, not per row). A single statement is its own
 * transaction. Driver errors become MikroORM's (a lost connection: database-unavailable), as
 * elsewhere.
 */
export async function runPgStatement<R>(
  em: EntityManager,
  statement: PgStatement,
  values: unknown[],
): Promise<R[]> {
  const client = em.getConnection().getKnex().client;
  let connection: PgConnection | undefined;
  try {
    connection = (await client.acquireConnection()) as PgConnection;
    const { rows } = await connection.query<R>({ ...statement, values });
    return rows;
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}

/**
 * Runs one statement whose text is built per call (an unnamed statement: parsed each time), on a
 * connection of the ORM's pool; driver errors become MikroORM's.
 */
export async function runPgQuery<R>(em: EntityManager, text: string, values: unknown[]): Promise<R[]> {
  const client = em.getConnection().getKnex().client;
  let connection: { query<T>(text: string, values: unknown[]): Promise<{ rows: T[] }> } | undefined;
  try {
    connection = await client.acquireConnection();
    const { rows } = await connection!.query<R>(text, values);
    return rows;
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}
