import type { MikroORM } from '@mikro-orm/core';
import { DatabaseErrors } from '../orm/database-errors';
import type { SchemaKeeper } from '../orm/orm-target';

/**
 * A statement adding a foreign-key column to an existing table. MikroORM 6.6 writes it on SQLite
 * with the constraint glued to the wrong column (`add column type ... constraint ..._foreign
 * references ...`), so a file updated that way would refuse ordinary inserts afterwards.
 */
const FOREIGN_KEY_COLUMN = /^alter table `([^`]+)` add column .* references .*$/im;

/**
 * The embedded database brings its tables up to date itself, at every open, with the schema
 * generator in safe mode (it never drops tables or columns). Nothing is ever left pending.
 */
export class SqliteSchema implements SchemaKeeper {
  constructor(private readonly path: string) {}

  /**
   * Additive changes (new tables, columns, indexes) apply in place. A change the generator cannot
   * make on SQLite (a new foreign-key column in an existing table, for one) is refused before
   * anything is written, and the error says to move the file aside.
   */
  async onOpen(orm: MikroORM): Promise<void> {
    try {
      await update(orm);
    } catch (error) {
      throw DatabaseErrors.sqliteSchemaOutdated(this.path, error);
    }
  }

  async pending(orm: MikroORM): Promise<string[]> {
    return (await drift(orm)) ? ['schema update'] : [];
  }

  async migrate(orm: MikroORM): Promise<string[]> {
    if (!(await drift(orm))) return [];
    await update(orm);
    return ['schema update'];
  }
}

/** The SQL a schema update would still run; empty when the tables match the entities. */
export async function drift(orm: MikroORM): Promise<string> {
  return (await orm.schema.getUpdateSchemaSQL({ safe: true, wrap: false })).trim();
}

/**
 * Runs the schema update, unless it would add a foreign-key column to an existing table (see
 * `FOREIGN_KEY_COLUMN`). Whether the update used to fail on such a file depended on what else it
 * changed (a rebuilt table made MikroORM emit two statements in one, which SQLite refuses), so the
 * refusal is made explicit here.
 */
async function update(orm: MikroORM): Promise<void> {
  const sql = await drift(orm);
  if (!sql) return;
  const foreignKey = FOREIGN_KEY_COLUMN.exec(sql);
  if (foreignKey)
    throw new Error(
      `the update would add a foreign-key column to the existing table ${foreignKey[1]}, which SQLite cannot ` +
        `take in place (${foreignKey[0]})`,
    );
  await orm.schema.execute(sql, { wrap: false });
}
