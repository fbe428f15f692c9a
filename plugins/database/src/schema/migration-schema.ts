import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.generated';
import { DatabaseErrors } from '../orm/database-errors';
import type { SchemaKeeper } from '../orm/orm-target';
import { MIGRATIONS_TABLE, shippedMigrations } from './migrations-folder';

/** Any fixed number: every process migrating one database takes the same advisory lock. */
const MIGRATION_LOCK_ID = 7_305_551;

/**
 * PostgreSQL's schema is versioned: the migrations in `migrations/` are applied by `tessera
 * schema migrate` (never by a starting manager, which only checks that none is pending).
 * Reading what is pending writes nothing, not even the bookkeeping table.
 */
export class MigrationSchema implements SchemaKeeper {
  constructor(
    private readonly whenPending: Config['pendingMigrations'],
    private readonly where: string,
  ) {}

  async onOpen(orm: MikroORM): Promise<void> {
    if (this.whenPending === 'ignore') return;
    const pending = await this.pending(orm);
    if (pending.length > 0) throw DatabaseErrors.migrationsPending(this.where, pending);
  }

  async pending(orm: MikroORM): Promise<string[]> {
    const applied = new Set(await appliedMigrations(orm.em as EntityManager));
    return shippedMigrations().filter((name) => !applied.has(name));
  }

  /**
   * Applies what is pending in one transaction, under an advisory lock so that two operators
   * (or two replicas' init containers) migrating at once apply each migration once.
   */
  async migrate(orm: MikroORM): Promise<string[]> {
    const em = orm.em.fork() as EntityManager;
    await createBookkeepingTable(em);
    return em.getConnection().transactional(async (transaction) => {
      await em
        .getConnection()
        .execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_ID], 'run', transaction);
      const applied = await orm.migrator.up({ transaction });
      return applied.map((migration) => migration.name);
    });
  }
}

/** Names recorded in the bookkeeping table; none when the table does not exist yet. */
async function appliedMigrations(em: EntityManager): Promise<string[]> {
  const [table] = await em.execute<Array<{ name: string | null }>>('select to_regclass(?) as name', [
    MIGRATIONS_TABLE,
  ]);
  if (!table?.name) return [];
  const rows = await em.execute<Array<{ name: string }>>(`select "name" from "${MIGRATIONS_TABLE}"`);
  return rows.map((row) => row.name);
}

/**
 * The migrator would create its table itself, but outside the locked transaction. Created here
 * first, in a transaction of its own under the same advisory lock: a second process waits for the
 * first one's table to be committed and then finds it there (two bare `create table if not exists`
 * at once make the loser fail on PostgreSQL's catalog).
 */
async function createBookkeepingTable(em: EntityManager): Promise<void> {
  await em.getConnection().transactional(async (transaction) => {
    const connection = em.getConnection();
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_ID], 'run', transaction);
    await connection.execute(
      `create table if not exists "${MIGRATIONS_TABLE}" ` +
        '("id" serial primary key, "name" varchar(255), "executed_at" timestamptz default current_timestamp)',
      [],
      'run',
      transaction,
    );
  });
}
