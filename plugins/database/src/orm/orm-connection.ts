import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { DatabaseErrors } from './database-errors';
import type { OrmTarget } from './orm-options';

/**
 * Owns the MikroORM instance. Built without I/O in `register`; `open` connects and brings the
 * schema up to date in `init`; `close` releases it in `stop`. Repositories ask it for a fresh
 * EntityManager fork per call. The SQLite driver creates the file's folder itself.
 */
export class OrmConnection {
  private orm: MikroORM | null = null;
  private where = '(not opened)';

  async open(target: OrmTarget): Promise<void> {
    if (this.orm) return;
    this.where = target.where;
    try {
      const orm = await MikroORM.init(target.options);
      try {
        await orm.em.getConnection().execute('select 1');
        await orm.schema.updateSchema({ safe: true });
      } catch (error) {
        await orm.close(true);
        throw error;
      }
      this.orm = orm;
    } catch (error) {
      throw DatabaseErrors.unavailable(target.where, error);
    }
  }

  async close(): Promise<void> {
    const orm = this.orm;
    this.orm = null;
    if (orm) await orm.close(true);
  }

  get isOpen(): boolean {
    return this.orm !== null;
  }

  /** The path or host, for error messages. */
  get location(): string {
    return this.where;
  }

  /** The SQL a schema update would still run: empty when the tables match the entities. */
  async schemaDrift(): Promise<string> {
    if (!this.orm) throw DatabaseErrors.notOpen();
    return (await this.orm.schema.getUpdateSchemaSQL({ safe: true, wrap: false })).trim();
  }

  /** A fresh unit of work: an EntityManager fork with an empty identity map. */
  fork(): EntityManager {
    if (!this.orm) throw DatabaseErrors.notOpen();
    return this.orm.em.fork();
  }
}
