import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import { runPgQuery, runPgTable } from './pg-statement';
import type { RawTable } from './raw-table';
import { runSqliteStatement, runSqliteTable } from './sqlite-statement';

/**
 * Runs a read statement written with `?` placeholders on either driver: numbered (`$1`, `$2`, ...)
 * for PostgreSQL, prepared once per connection on SQLite. For hand-written reads on hot paths.
 */
export function runReadStatement<R>(em: EntityManager, sql: string, values: unknown[]): Promise<R[]> {
  if (em.getPlatform() instanceof PostgreSqlPlatform) {
    return runPgQuery<R>(em as PgEntityManager, numbered(sql), values);
  }
  return runSqliteStatement<R>(em, sql, values);
}

/**
 * `runReadStatement` answering rows as arrays beside the column names (`RawTable`): for reads of
 * many rows, mapped with `tableRowMapper`.
 */
export function runReadTable(em: EntityManager, sql: string, values: unknown[]): Promise<RawTable> {
  if (em.getPlatform() instanceof PostgreSqlPlatform) {
    return runPgTable(em as PgEntityManager, numbered(sql), values);
  }
  return runSqliteTable(em, sql, values);
}

/** `?` placeholders numbered as PostgreSQL's `$1`, `$2`, ... */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `?, ?, ?` for a list of values. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
