import type { MikroORM } from '@mikro-orm/core';
import { DatabaseErrors } from '../orm/database-errors';
import type { SchemaKeeper } from '../orm/orm-target';

/**
 * The embedded database brings its tables up to date itself, at every open, with the schema
 * generator in safe mode (it never drops tables or columns). Nothing is ever left pending.
 */
export class SqliteSchema implements SchemaKeeper {
  constructor(private readonly path: string) {}

  /**
   * Additive changes (new tables, columns, indexes) apply in place. A change the generator cannot
   * make on SQLite (a new foreign-key column in an existing table, for one) fails part-way, and the
   * error says to move the file aside.
   */
  async onOpen(orm: MikroORM): Promise<void> {
    try {
      await orm.schema.updateSchema({ safe: true, wrap: false });
    } catch (error) {
      throw DatabaseErrors.sqliteSchemaOutdated(this.path, error);
    }
  }

  async pending(orm: MikroORM): Promise<string[]> {
    return (await drift(orm)) ? ['schema update'] : [];
  }

  async migrate(orm: MikroORM): Promise<string[]> {
    if (!(await drift(orm))) return [];
    await orm.schema.updateSchema({ safe: true, wrap: false });
    return ['schema update'];
  }
}

/** The SQL a schema update would still run; empty when the tables match the entities. */
export async function drift(orm: MikroORM): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ safe: true, wrap: false })).trim();
}
