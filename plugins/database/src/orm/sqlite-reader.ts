import BetterSqlite from 'better-sqlite3';
import type { SqliteConnection } from '../repositories/sqlite-statement';

/** A connection that reads only, and is closed with the database. */
export interface SqliteReader extends SqliteConnection {
  close(): void;
}

/**
 * A second connection to a SQLite file, beside the ORM's, for the user API's hot reads
 * (`UnitOfWork.sqliteReader`): it is never written (`query_only`) and never holds a transaction,
 * so a read runs on it at once, synchronously, without waiting for the ORM's pool; in write-ahead-
 * log mode it reads every commit as soon as it is made, and only committed rows. An in-memory
 * database has none (a second connection would open another, empty database).
 */
export function openSqliteReader(path: string): SqliteReader {
  const reader = new BetterSqlite(path, { fileMustExist: true });
  reader.pragma('query_only = ON');
  return reader;
}
