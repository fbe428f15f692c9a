import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { TesseraError } from '@tessera/core';
import { DatabaseErrors } from './database-errors';
import type { OrmTarget } from './orm-target';
import type { SqliteReader } from './sqlite-reader';

/**
 * Owns the MikroORM instance. Built without I/O; `open` connects and hands the
 * schema to the driver's keeper in `init`; `close` releases it in `stop`. Repositories ask it for
 * a fresh EntityManager fork per call. The SQLite driver creates the file's folder itself.
 */
export class OrmConnection {
  private orm: MikroORM | null = null;
  private target: OrmTarget | null = null;
  private sqliteReader: SqliteReader | null = null;

  async open(target: OrmTarget): Promise<void> {
    if (this.orm) return;
    this.target = target;
    let orm: MikroORM | undefined;
    try {
      orm = await MikroORM.init(target.options);
      await orm.em.getConnection().execute('select 1');
      await target.schema.onOpen(orm);
      this.sqliteReader = target.openReader?.() ?? null;
      this.orm = orm;
    } catch (error) {
      this.closeReader();
      await orm?.close(true).catch(() => undefined);
      if (error instanceof TesseraError) throw error;
      throw DatabaseErrors.unavailable(target.where, error);
    }
  }

  async close(): Promise<void> {
    const orm = this.orm;
    this.orm = null;
    // The reader first: the ORM's connection, closing last, folds the write-ahead log back.
    this.closeReader();
    if (orm) await orm.close(true);
  }

  /** The SQLite file's reader connection (see `openSqliteReader`); null on PostgreSQL and in memory. */
  reader(): SqliteReader | null {
    this.current();
    return this.sqliteReader;
  }

  private closeReader(): void {
    this.sqliteReader?.close();
    this.sqliteReader = null;
  }

  get isOpen(): boolean {
    return this.orm !== null;
  }

  /** The path or server, for error messages. */
  get location(): string {
    return this.target?.where ?? '(not opened)';
  }

  /** Migrations (PostgreSQL) or schema updates (SQLite) still to apply. */
  pendingSchema(): Promise<string[]> {
    const orm = this.current();
    return this.target!.schema.pending(orm);
  }

  /** Applies what `pendingSchema` lists; returns what it applied. */
  migrateSchema(): Promise<string[]> {
    const orm = this.current();
    return this.target!.schema.migrate(orm);
  }

  /** A fresh unit of work: an EntityManager fork with an empty identity map. */
  fork(): EntityManager {
    return this.current().em.fork();
  }

  /**
   * The root EntityManager, for raw statements only (connection, platform, metadata): it must not
   * load or persist entities, which belong in a fork.
   */
  root(): EntityManager {
    return this.current().em;
  }

  private current(): MikroORM {
    if (!this.orm) throw DatabaseErrors.notOpen();
    return this.orm;
  }
}
