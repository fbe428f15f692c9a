import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import { runPgQuery } from './pg-statement';
import { runSqliteStatement } from './sqlite-statement';

/**
 * Runs a read statement written with `?` placeholders on either driver: numbered (`$1`, `$2`, ...)
 * for PostgreSQL, prepared once per connection on SQLite. For hand-written reads on hot paths.
 */
export function runReadStatement<R>(em: EntityManager, sql: string, values: unknown[]): Promise<R[]> {
  if (em.getPlatform() instanceof PostgreSqlPlatform) {
    let n = 0;
    return runPgQuery<R>(
      em as PgEntityManager,
      sql.replace(/\?/g, () => `$${++n}`),
      values,
    );
  }
  return runSqliteStatement<R>(em, sql, values);
}

/** `?, ?, ?` for a list of values. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
