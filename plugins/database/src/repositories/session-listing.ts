import type { EntityManager } from '@mikro-orm/core';
import type { ListedSession, SessionListQuery, SessionOrderKey, SessionPage } from '@tessera/core';
import { SessionEntity } from '../entities';
import { tableRowMapper } from '../records/raw-row';
import {
  listedSessionOf,
  kernelTableReader,
  type KernelColumns,
  type SessionColumns,
} from '../records/session-record';
import { placeholders, runReadStatement, runReadTable } from './raw-statement';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs match nothing (and would not cast on PostgreSQL's uuid columns). */
function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * The admin listing of sessions (`SessionRepository.list`): filters, a stable order (the key,
 * then the id, nulls last ascending), one page, and the count of every match. Three statements
 * whatever the page size, sent together so that the page costs one round trip; written by hand
 * (the same text on SQLite and PostgreSQL) and mapped with the ORM's metadata, as building them
 * through the ORM cost more than running them:
 * - the page, with each session's owner e-mail and project id joined, and the count of every
 *   match as an uncorrelated subquery the server evaluates once (a page past the end has no row to
 *   carry it: the count is then read on its own). The page's ids are sorted and cut alone, and
 *   their rows joined after: sorting whole rows cost PostgreSQL twice as long;
 * - the kernels and the dependencies of the same page, each statement selecting the page's
 *   session ids itself. Each answers which sessions it saw; when a change between the statements
 *   moved the page (a session created or deleted meanwhile), the kernels and dependencies are read
 *   again for the sessions the page holds.
 * Rows are read as arrays (`runReadTable`) and mapped by column position.
 */
export async function listSessions(em: EntityManager, query: SessionListQuery): Promise<SessionPage> {
  const filter = filterOf(query);
  if (!filter) return { totalCount: 0, items: [] };
  const direction = query.ascending ? 'asc nulls last' : 'desc nulls first';
  const key = query.orderBy ?? 'createdAt';
  const order = (alias: string) =>
    key === 'id'
      ? `${alias}.id ${direction}`
      : `${alias}.${columnOf(em, key)} ${direction}, ${alias}.id ${direction}`;
  const pageValues = [...filter.values, query.limit, query.offset];
  const pageIds: PageIds = {
    sql: `select s.id from sessions s where ${filter.sql} order by ${order('s')} limit ? offset ?`,
    values: pageValues,
  };
  const [page, pageKernels, pageDependencies] = await Promise.all([
    runReadTable(
      em,
      `select p.*, u.email as listing_user_email, g.id as listing_group_id,
         (select count(*) from sessions s where ${filter.sql}) as listing_total
       from (${pageIds.sql}) i join sessions p on p.id = i.id
       left join users u on cast(u.uuid as text) = lower(p.user_id)
       left join groups g on g.name = p.group_name and g.domain_name = p.domain_name
       order by ${order('p')}`,
      [...filter.values, ...pageValues],
    ),
    kernelsOf(em, pageIds),
    dependenciesOf(em, pageIds),
  ]);
  const rows = page.rows;
  if (rows.length === 0) {
    const [row] = await runReadStatement<{ n: unknown }>(
      em,
      `select count(*) as n from sessions s where ${filter.sql}`,
      filter.values,
    );
    return { totalCount: Number(row!.n), items: [] };
  }
  const column = (name: string) => page.columns.indexOf(name);
  const [total, userEmail, groupId] = [
    column('listing_total'),
    column('listing_user_email'),
    column('listing_group_id'),
  ];
  const totalCount = Number(rows[0]![total]);
  const toSession = tableRowMapper(em, SessionEntity.meta.className, page.columns);
  const sessions = rows.map((row) => toSession(row) as unknown as SessionColumns);
  const ids = sessions.map((session) => session.id);
  let kernels = pageKernels;
  let dependencies = pageDependencies;
  if (!sameSessions(ids, kernels.sessions) || !sameSessions(ids, dependencies.sessions)) {
    const byIds: PageIds = {
      sql: `select s.id from sessions s where s.id in (${placeholders(ids)})`,
      values: ids,
    };
    [kernels, dependencies] = await Promise.all([kernelsOf(em, byIds), dependenciesOf(em, byIds)]);
  }
  const items = sessions.map((session, index): ListedSession => {
    const row = rows[index]!;
    return listedSessionOf(
      session,
      kernels.bySession.get(session.id) ?? [],
      dependencies.bySession.get(session.id) ?? [],
      {
        userEmail: (row[userEmail] as string | null | undefined) ?? null,
        groupId: row[groupId] == null ? null : String(row[groupId]),
      },
      'take',
    );
  });
  return { totalCount, items };
}

/** A statement selecting the session ids of a page (one `id` column), with its values. */
interface PageIds {
  sql: string;
  values: unknown[];
}

/** What a statement read for a page: per session id, and which sessions it saw at all. */
interface PerSession<T> {
  bySession: Map<string, T[]>;
  sessions: Set<string>;
}

function sameSessions(ids: readonly string[], seen: ReadonlySet<string>): boolean {
  return ids.length === seen.size && ids.every((id) => seen.has(id));
}

/** The session column an order key sorts by, from the entity's metadata. */
function columnOf(em: EntityManager, key: SessionOrderKey): string {
  return em.getMetadata().get(SessionEntity.meta.className).properties[key].fieldNames[0]!;
}

/** The filter as a WHERE clause with its values, or null when it can match nothing. */
function filterOf(query: SessionListQuery): { sql: string; values: unknown[] } | null {
  const clauses: string[] = [];
  const values: unknown[] = [];
  if (query.ids) {
    const ids = [...new Set(query.ids)].filter(isUuid).map((id) => id.toLowerCase());
    if (ids.length === 0) return null;
    clauses.push(`s.id in (${placeholders(ids)})`);
    values.push(...ids);
  }
  if (query.kernelId !== undefined) {
    if (!isUuid(query.kernelId)) return null;
    clauses.push('s.id in (select k.session_id from kernels k where k.id = ?)');
    values.push(query.kernelId.toLowerCase());
  }
  if (query.groupId !== undefined) {
    if (!isUuid(query.groupId)) return null;
    clauses.push(
      'exists (select 1 from groups g where g.id = ? and g.name = s.group_name and g.domain_name = s.domain_name)',
    );
    values.push(query.groupId.toLowerCase());
  }
  if (query.accessKey !== undefined) {
    clauses.push('s.access_key = ?');
    values.push(query.accessKey);
  }
  if (query.domainName !== undefined) {
    clauses.push('s.domain_name = ?');
    values.push(query.domainName);
  }
  if (query.statuses) {
    if (query.statuses.length === 0) return null;
    clauses.push(`s.status in (${placeholders(query.statuses)})`);
    values.push(...query.statuses);
  }
  return { sql: clauses.length === 0 ? '1 = 1' : clauses.join(' and '), values };
}

/** The page's kernels by session id, in cluster order. */
async function kernelsOf(em: EntityManager, page: PageIds): Promise<PerSession<KernelColumns>> {
  const table = await runReadTable(
    em,
    `select p.id as listing_session_id, k.* from (${page.sql}) p
     left join kernels k on k.session_id = p.id order by k.cluster_idx`,
    [...page.values],
  );
  const [sessionId, kernelId] = [table.columns.indexOf('listing_session_id'), table.columns.indexOf('id')];
  const toKernel = kernelTableReader(em, table.columns);
  const read: PerSession<KernelColumns> = { bySession: new Map(), sessions: new Set() };
  for (const row of table.rows) {
    read.sessions.add(String(row[sessionId]));
    if (row[kernelId] == null) continue;
    const kernel = toKernel(row);
    const list = read.bySession.get(kernel.sessionId);
    if (list) list.push(kernel);
    else read.bySession.set(kernel.sessionId, [kernel]);
  }
  return read;
}

async function dependenciesOf(em: EntityManager, page: PageIds): Promise<PerSession<string>> {
  const rows = await runReadStatement<{ listing_session_id: unknown; depends_on: unknown }>(
    em,
    `select p.id as listing_session_id, d.depends_on from (${page.sql}) p
     left join session_dependencies d on d.session_id = p.id`,
    [...page.values],
  );
  const read: PerSession<string> = { bySession: new Map(), sessions: new Set() };
  for (const row of rows) {
    const sessionId = String(row.listing_session_id);
    read.sessions.add(sessionId);
    if (row.depends_on == null) continue;
    const list = read.bySession.get(sessionId);
    if (list) list.push(String(row.depends_on));
    else read.bySession.set(sessionId, [String(row.depends_on)]);
  }
  return read;
}
