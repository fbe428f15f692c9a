import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import type { SessionRepository } from '@tessera/core';
import { DatabaseErrors } from '../orm/database-errors';
import { runPgQuery } from './pg-statement';
import { runSqliteStatement } from './sqlite-statement';

type SessionStatusInfo = Parameters<SessionRepository['setSessionStatus']>[2];
type KernelStatusInfo = Parameters<SessionRepository['setKernelStatus']>[2];

/** Statuses after which a session or kernel holds nothing and gets its `terminatedAt`. */
const ENDED: ReadonlySet<string> = new Set(['TERMINATED', 'CANCELLED']);

/**
 * One UPDATE statement being built: `set` clauses and their values, numbered for PostgreSQL
 * (`$n`) and positional for SQLite (`?`). SQLite takes values by position, so every placeholder
 * must be made in the order the text uses it: the `set` clauses first, then the `where` clause.
 */
class Update {
  readonly sets: string[] = [];
  readonly values: unknown[] = [];

  constructor(readonly postgres: boolean) {}

  /** A placeholder for `value`; JSON columns are bound as text and cast on PostgreSQL. */
  bind(value: unknown, kind: 'value' | 'json' | 'time' = 'value'): string {
    if (kind === 'json') this.values.push(JSON.stringify(value));
    else if (kind === 'time' && !this.postgres) this.values.push((value as Date).getTime());
    else this.values.push(value);
    if (!this.postgres) return '?';
    const placeholder = `$${this.values.length}`;
    return kind === 'json' ? `${placeholder}::jsonb` : placeholder;
  }

  set(column: string, value: unknown, kind?: 'value' | 'json' | 'time'): void {
    this.sets.push(`${column} = ${this.bind(value, kind)}`);
  }

  /** `status_history` with `status` entered at `at` (the time of a status entered again is replaced). */
  historyWith(status: string, at: Date): string {
    return this.postgres
      ? `status_history || jsonb_build_object(${this.bind(status)}::text, ${this.bind(at.toISOString())}::text)`
      : `json_set(status_history, '$.' || ${this.bind(status)}, ${this.bind(at.toISOString())})`;
  }

  /** Entering an end status sets `terminated_at`, once: a later end keeps the first time. */
  endedAt(status: string, at: Date): void {
    if (ENDED.has(status))
      this.sets.push(`terminated_at = coalesce(terminated_at, ${this.bind(at, 'time')})`);
  }

  /** The `where` clause: the row's id, and its status one of `expect` when given. */
  where(id: string, expect: readonly string[] | undefined): string {
    const byId = `id = ${this.bind(id)}`;
    if (!expect) return byId;
    return this.postgres
      ? `${byId} and status = any(${this.bind([...expect])}::text[])`
      : `${byId} and status in (select value from json_each(${this.bind(JSON.stringify(expect))}))`;
  }
}

/**
 * Runs the UPDATE and answers whether it changed the row; when it did not, tells a missing row
 * (`missing()`'s error) from an expected status that did not hold (false).
 */
async function runUpdate(
  em: EntityManager,
  update: Update,
  table: 'sessions' | 'kernels',
  id: string,
  expect: readonly string[] | undefined,
  missing: () => Error,
): Promise<boolean> {
  const text = `update ${table} set ${update.sets.join(', ')} where ${update.where(id, expect)} returning id`;
  const run = (sql: string, values: unknown[]) =>
    update.postgres
      ? runPgQuery<unknown>(em as PgEntityManager, sql, values)
      : runSqliteStatement<unknown>(em, sql, values);
  if ((await run(text, update.values)).length > 0) return true;
  const found = await run(`select 1 from ${table} where id = ${update.postgres ? '$1' : '?'}`, [id]);
  if (found.length === 0) throw missing();
  return false;
}

/**
 * `SessionRepository.setSessionStatus` in one UPDATE: the compare-and-set on `expect` is the
 * statement's own condition, so no row is locked across round trips. Rewriting the status a
 * session already has (a PENDING session's retry record) is not a transition: its time and
 * history stay.
 */
export function writeSessionStatus(
  em: EntityManager,
  sessionId: string,
  status: string,
  info: SessionStatusInfo,
): Promise<boolean> {
  const update = new Update(em.getPlatform() instanceof PostgreSqlPlatform);
  const unchanged = () => `status = ${update.bind(status)}`;
  update.sets.push(
    `status_changed = case when ${unchanged()} then status_changed else ${update.bind(info.at, 'time')} end`,
    `status_history = case when ${unchanged()} then status_history else ${update.historyWith(status, info.at)} end`,
  );
  update.set('status', status);
  if (info.statusInfo !== undefined) update.set('status_info', info.statusInfo);
  if (info.statusData !== undefined) update.set('status_data', info.statusData, 'json');
  if (info.result !== undefined) update.set('result', info.result);
  update.endedAt(status, info.at);
  return runUpdate(em, update, 'sessions', sessionId, info.expect, () =>
    DatabaseErrors.sessionNotFound(sessionId),
  );
}

/** `SessionRepository.setKernelStatus` in one UPDATE (see `writeSessionStatus`). */
export function writeKernelStatus(
  em: EntityManager,
  kernelId: string,
  status: string,
  info: KernelStatusInfo,
): Promise<boolean> {
  const update = new Update(em.getPlatform() instanceof PostgreSqlPlatform);
  // The history first: its expression reads the row as it was.
  update.sets.push(`status_history = ${update.historyWith(status, info.at)}`);
  update.set('status', status);
  update.set('status_changed', info.at, 'time');
  if (info.statusInfo !== undefined) update.set('status_info', info.statusInfo);
  if (info.containerId !== undefined) update.set('container_id', info.containerId);
  if (info.kernelHost !== undefined) update.set('kernel_host', info.kernelHost);
  if (info.servicePorts !== undefined) update.set('service_ports', info.servicePorts, 'json');
  if (info.deviceAllocation !== undefined) update.set('device_allocation', info.deviceAllocation, 'json');
  if (info.exitCode !== undefined) update.set('exit_code', info.exitCode);
  update.endedAt(status, info.at);
  return runUpdate(em, update, 'kernels', kernelId, info.expect, () =>
    DatabaseErrors.kernelNotFound(kernelId),
  );
}
