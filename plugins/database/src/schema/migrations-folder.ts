import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The checked-in PostgreSQL migrations (`plugins/database/migrations/`), shipped with the package. */
export const MIGRATIONS_FOLDER = join(__dirname, '..', '..', 'migrations');

/** The table that records which migrations a database has applied. */
export const MIGRATIONS_TABLE = 'tessera_migrations';

const MIGRATION_FILE = /^(Migration\d{14}.*)\.js$/;

/** Names of the shipped migrations, oldest first (their names begin with a UTC timestamp). */
export function shippedMigrations(folder = MIGRATIONS_FOLDER): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((file) => MIGRATION_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
