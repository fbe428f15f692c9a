import {
  PostgreSqlPlatform,
  UniqueConstraintViolationException,
  raw,
  type EntityManager,
} from '@mikro-orm/postgresql';
import { TesseraError } from '@tessera/core';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs name no row (and would not cast on PostgreSQL's uuid columns). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * One write, whole or not at all. The work checks what it can first and throws the precise
 * error; a unique key still violated (another writer won the race) becomes
 * `object-already-exists` through `duplicate`, never a driver error.
 */
export async function writeAtomically<T>(
  work: UnitOfWork,
  run: (em: EntityManager) => Promise<T>,
  duplicate: (cause: UniqueConstraintViolationException) => TesseraError,
): Promise<T> {
  try {
    return await work.transaction((em) => run(em as EntityManager));
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw duplicate(error);
    throw error;
  }
}

/** The duplicate a unique-key violation reports, for the racing writer that checked too early. */
export function duplicateOf(
  cause: UniqueConstraintViolationException,
  candidates: ReadonlyArray<readonly [RegExp, string]>,
  fallback: string,
): TesseraError {
  const found = candidates.find(([pattern]) => pattern.test(cause.message));
  return DatabaseErrors.objectAlreadyExists(found ? found[1] : fallback, {});
}

/** `n things`, singular when one. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function joined(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * A filter matching rows whose `column` contains `needle`, ignoring case, without LIKE (whose
 * wildcards a search text may hold): `strpos` on PostgreSQL, `instr` on SQLite.
 */
export function containsIgnoringCase(em: EntityManager, column: string, needle: string): string {
  const find = em.getPlatform() instanceof PostgreSqlPlatform ? 'strpos' : 'instr';
  return raw<object, string>((alias: string) => `${find}(lower(${alias}.${column}), lower(?))`, [needle]);
}

/** Rows of a raw statement (`?` placeholders), on either driver, in `em`'s transaction if it has one. */
export function rawRows<T>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, values, 'all', em.getTransactionContext());
}

/** `(?, ?, ?)` for `count` values. */
export function placeholders(count: number): string {
  return `(${new Array(count).fill('?').join(', ')})`;
}

/** Resource group names by owner (`domain` or `group_id`) from an association table, sorted. */
export async function scalingGroupsOf(
  em: EntityManager,
  table: 'resource_groups_for_domains' | 'resource_groups_for_groups',
  owners: readonly string[],
): Promise<Map<string, string[]>> {
  const byOwner = new Map<string, string[]>();
  if (owners.length === 0) return byOwner;
  const column = table === 'resource_groups_for_domains' ? 'domain' : 'group_id';
  const rows = await rawRows<{ resource_group: string; owner: string }>(
    em,
    `select resource_group, ${column} as owner from ${table} where ${column} in ${placeholders(owners.length)}`,
    [...owners],
  );
  for (const row of rows) {
    const key = column === 'group_id' ? String(row.owner).toLowerCase() : String(row.owner);
    const list = byOwner.get(key) ?? [];
    list.push(row.resource_group);
    byOwner.set(key, list);
  }
  return byOwner;
}
