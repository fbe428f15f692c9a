import type { EntityManager } from '@mikro-orm/postgresql';
import { TesseraError } from '@tessera/core';
import type { RawTable } from './raw-table';

/** A named statement: each connection parses and plans it once, then only binds values. */
export interface PgStatement {
  name: string;
  text: string;
}

/** The part of a `pg` client this file uses. */
interface PgConnection {
  query<R>(query: {
    name?: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
  }): Promise<{ rows: R[]; fields: { name: string }[] }>;
}

/**
 * Takes a connection from the ORM's pool, runs `work` on it (outside MikroORM's query building) and
 * gives it back. Driver errors become MikroORM's (a lost connection: database-unavailable), as
 * elsewhere.
 */
async function withPgConnection<T>(
  em: EntityManager,
  work: (connection: PgConnection) => Promise<T>,
): Promise<T> {
  const client = em.getConnection().getKnex().client;
  let connection: PgConnection | undefined;
  try {
    connection = (await client.acquireConnection()) as PgConnection;
    return await work(connection);
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}

/**
 * Runs one statement on a connection of the ORM's pool (the scheduler's hot path: a statement per
 * batch, not per row). A single statement is its own transaction.
 */
export async function runPgStatement<R>(
  em: EntityManager,
  statement: PgStatement,
  values: unknown[],
): Promise<R[]> {
  return withPgConnection(
    em,
    async (connection) => (await connection.query<R>({ ...statement, values })).rows,
  );
}

/** Texts given a statement name so far, with their names; at most NAMED_TEXTS_MAX. */
const namedTexts = new Map<string, string>();
/**
 * Distinct texts run as named statements at most; later ones run unnamed. Each connection keeps a
 * statement it prepared until it closes, so this bounds what the server holds per connection.
 */
export const NAMED_TEXTS_MAX = 256;

/** The statement to send for a text built per call: named while fewer than NAMED_TEXTS_MAX are. */
function statementFor(text: string): { name?: string; text: string } {
  let name = namedTexts.get(text);
  if (name === undefined && namedTexts.size < NAMED_TEXTS_MAX)
    namedTexts.set(text, (name = `tessera-query-${namedTexts.size + 1}`));
  return name === undefined ? { text } : { name, text };
}

/**
 * Runs one statement whose text is built per call (a listing's filters, a status write's
 * columns), on a connection of the ORM's pool. The first NAMED_TEXTS_MAX distinct texts are named
 * statements, so each connection parses and plans a text once (for the admin listing's page,
 * 10-15 % of a page's time); later texts are parsed each time.
 */
export async function runPgQuery<R>(em: EntityManager, text: string, values: unknown[]): Promise<R[]> {
  return withPgConnection(
    em,
    async (connection) => (await connection.query<R>({ ...statementFor(text), values })).rows,
  );
}

/**
 * `runPgQuery` answering a `RawTable`: the driver then builds an array per row rather than an
 * object keyed by column name (which, past a few dozen columns, V8 keeps as a slow dictionary).
 */
export async function runPgTable(em: EntityManager, text: string, values: unknown[]): Promise<RawTable> {
  return withPgConnection(em, async (connection) => {
    const { rows, fields } = await connection.query<unknown[]>({
      ...statementFor(text),
      values,
      rowMode: 'array',
    });
    return { columns: fields.map((field) => field.name), rows };
  });
}
