import type { EntityManager } from '@mikro-orm/postgresql';
import { TesseraError } from '@tessera/core';

/** A named statement: each connection parses and plans it once, then only binds values. */
export interface PgStatement {
  name: string;
  text: string;
}

/** The part of a `pg` client this file uses. */
interface PgConnection {
  query<R>(query: { name?: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
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

/** Texts given a statement name so far, with their names; at most NAMED_TEXTS_MAX. */
const namedTexts = new Map<string, string>();
/**
 * Distinct texts run as named statements at most; later ones run unnamed. Each connection keeps a
 * statement it prepared until it closes, so this bounds what the server holds per connection.
 */
export const NAMED_TEXTS_MAX = 256;

/**
 * Runs one statement whose text is built per call (a listing's filters, a status write's
 * columns), on a connection of the ORM's pool; driver errors become MikroORM's. The first
 * NAMED_TEXTS_MAX distinct texts are named statements, so each connection parses and plans a
 * text once (for the admin listing's page, 10-15 % of a page's time); later texts are parsed each
 * time.
 */
export async function runPgQuery<R>(em: EntityManager, text: string, values: unknown[]): Promise<R[]> {
  const client = em.getConnection().getKnex().client;
  let connection: PgConnection | undefined;
  try {
    connection = (await client.acquireConnection()) as PgConnection;
    let name = namedTexts.get(text);
    if (name === undefined && namedTexts.size < NAMED_TEXTS_MAX)
      namedTexts.set(text, (name = `tessera-query-${namedTexts.size + 1}`));
    const { rows } = await connection.query<R>(
      name === undefined ? { text, values } : { name, text, values },
    );
    return rows;
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}
