import type { EntityManager } from '@mikro-orm/core';
import { TesseraError } from '@tessera/core';
import type { RawTable } from './raw-table';

/** The part of a better-sqlite3 database this file uses. */
export interface SqliteConnection {
  prepare(sql: string): Prepared;
  /** Whether a transaction is open on the connection (better-sqlite3 keeps this). */
  readonly inTransaction: boolean;
}
interface Prepared {
  all(...values: unknown[]): unknown[];
  raw(toggle?: boolean): Prepared;
  get(...values: unknown[]): unknown;
  columns(): { name: string }[];
}

/** Runs one statement on the connection and answers its rows (better-sqlite3 runs it synchronously). */
export type SqliteRun = <R>(sql: string, values: unknown[]) => R[];

/**
 * Statements prepared on each connection, by their text and how they answer rows (objects, or
 * arrays: better-sqlite3 keeps that mode on the statement): SQLite parses and plans each once.
 */
const prepared = new WeakMap<SqliteConnection, Map<string, Prepared>>();

function preparedOn(
  connection: SqliteConnection,
  sql: string,
  rows: 'objects' | 'arrays' = 'objects',
): Prepared {
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  const key = rows === 'arrays' ? `arrays:${sql}` : sql;
  let statement = statements.get(key);
  if (!statement) {
    statement = connection.prepare(sql);
    if (rows === 'arrays') statement.raw(true);
    statements.set(key, statement);
  }
  return statement;
}

/** `SqliteRun` on one connection: its statements prepared once and reused. */
function runOn(connection: SqliteConnection): SqliteRun {
  return <R>(sql: string, values: unknown[]) => preparedOn(connection, sql).all(...values) as R[];
}

/** Column names of statements answering arrays, read once per statement. */
const columnNames = new WeakMap<Prepared, readonly string[]>();

/** Runs one statement on the held connection and answers its rows as a `RawTable`. */
function sqliteTable(connection: SqliteConnection, sql: string, values: unknown[]): RawTable {
  const statement = preparedOn(connection, sql, 'arrays');
  let columns = columnNames.get(statement);
  if (!columns) columnNames.set(statement, (columns = statement.columns().map((column) => column.name)));
  return { columns, rows: statement.all(...values) as unknown[][] };
}

/**
 * SQLite: takes one of the ORM's connections from its pool, runs `work` on it (statements prepared
 * once per connection and reused, outside MikroORM's and knex's query building: the hot reads of
 * the user API) and gives it back. Driver errors become MikroORM's, as elsewhere.
 */
export async function withSqliteConnection<T>(
  em: EntityManager,
  work: (connection: SqliteConnection, run: SqliteRun) => T,
): Promise<T> {
  const client = (em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex().client;
  let connection: SqliteConnection | undefined;
  try {
    const held = (connection = (await client.acquireConnection()) as SqliteConnection);
    return work(held, runOn(held));
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  } finally {
    if (connection) await client.releaseConnection(connection);
  }
}

/**
 * SQLite: runs `work` on the file's reader connection (`UnitOfWork.sqliteReader`), which needs no
 * taking from a pool: it is never written and never in a transaction. Errors convert as above.
 */
export function onSqliteReader<T>(
  em: EntityManager,
  reader: SqliteConnection,
  work: (connection: SqliteConnection, run: SqliteRun) => T,
): T {
  try {
    return work(reader, runOn(reader));
  } catch (error) {
    throw error instanceof TesseraError ? error : em.getDriver().convertException(error as Error);
  }
}

/** SQLite: runs one statement on a connection of the ORM's pool (see `withSqliteConnection`). */
export function runSqliteStatement<R>(em: EntityManager, sql: string, values: unknown[]): Promise<R[]> {
  return withSqliteConnection(em, (_connection, run) => run<R>(sql, values));
}

/** SQLite: `runSqliteStatement` answering a `RawTable` (no object built per row). */
export function runSqliteTable(em: EntityManager, sql: string, values: unknown[]): Promise<RawTable> {
  return withSqliteConnection(em, (connection) => sqliteTable(connection, sql, values));
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * `total_changes()` counts the rows this connection has inserted, updated or deleted (triggers
 * included, rolled-back changes too); `data_version` moves whenever another connection, in this
 * process or any other, commits. Together they change whenever anything in the file may have.
 */
const DATABASE_VERSION = 'select total_changes(), data_version from pragma_data_version';

interface Answer<T> {
  changes: number;
  dataVersion: number;
  value: T;
}

/**
 * The answers of one read, kept per connection and given again while nothing at all in the
 * database has changed since they were read: one statement reading SQLite's own change counters
 * (about 7 µs) instead of the read's statements and the mapping of their rows. Coherent with every
 * writer: this process through the ORM or raw statements, another process, an operator's
 * `sqlite3`. Any write forgets every answer, which suits reads repeated between writes (a client
 * polling its session). Answers are shared between callers, so `read` must give a value nobody
 * changes: frozen (`deepFreeze`). At most `capacity` keys are kept, least recently used forgotten.
 */
export class SqliteReadCache<T> {
  private readonly byConnection = new WeakMap<SqliteConnection, Map<string, Answer<T>>>();

  constructor(private readonly capacity: number) {}

  /** `read()`'s answer for `key` on the held `connection`, from the cache while it holds. */
  answer(connection: SqliteConnection, key: string, read: () => T): T {
    const [changes, dataVersion] = preparedOn(connection, DATABASE_VERSION, 'arrays').get() as [
      number,
      number,
    ];
    let answers = this.byConnection.get(connection);
    if (!answers) this.byConnection.set(connection, (answers = new Map()));
    const known = answers.get(key);
    if (known) {
      answers.delete(key);
      if (known.changes === changes && known.dataVersion === dataVersion) {
        answers.set(key, known);
        return known.value;
      }
    }
    const value = read();
    // Inside an open transaction the read saw rows not yet committed, which may still roll back.
    if (!connection.inTransaction) {
      answers.set(key, { changes, dataVersion, value });
      if (answers.size > this.capacity) answers.delete(answers.keys().next().value!);
    }
    return value;
  }
}

/** Freezes `value` and everything it holds, so a shared answer cannot be changed by one caller. */
export function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen; none is in a record.
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
