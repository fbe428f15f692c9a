import type { MikroORM, Options } from '@mikro-orm/core';
import type { SqliteReader } from './sqlite-reader';

/**
 * How the open database keeps its tables in step with the entities: SQLite updates them itself
 * at open; PostgreSQL has versioned migrations, applied by `tessera schema migrate`.
 */
export interface SchemaKeeper {
  /** Runs once the connection answers, before any repository call. May refuse to go on. */
  onOpen(orm: MikroORM): Promise<void>;
  pending(orm: MikroORM): Promise<string[]>;
  migrate(orm: MikroORM): Promise<string[]>;
}

/** What `open` needs: the MikroORM options, a name of the place for messages, and the schema keeper. */
export interface OrmTarget {
  options: Options;
  /** `/path/to/tessera.sqlite` or `postgresql://host:port/database`: never a password. */
  where: string;
  schema: SchemaKeeper;
  /** A SQLite file's reader connection (see `openSqliteReader`), opened after the schema; none otherwise. */
  openReader?: () => SqliteReader;
}
