import type { EntityManager } from '@mikro-orm/core';
import type { ListedSession, SessionListQuery, SessionOrderKey, SessionPage } from '@tessera/core';
import { SessionEntity } from '../entities';
import { rowMapper } from '../records/raw-row';
import {
  listedSessionOf,
  rawKernelReader,
  type KernelColumns,
  type SessionColumns,
} from '../records/session-record';
import { placeholders, runReadStatement } from './raw-statement';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs match nothing (and would not cast on PostgreSQL's uuid columns). */
function isUuid(text: string): boolean {
  return UUID.test(text);
}

type RawRow = Record<string, unknown>;

/**
 * The admin listing of sessions (`SessionRepository.list`): filters, a stable order (the key,
 * then the id, nulls last ascending), one page, and the count of every match (counted only when the
 * page does not show it: a first page that is not full holds them all). The page is read first and
 * its kernels, dependencies, owners' e-mails and project ids are loaded for it alone: at most six
 * statements whatever the page size, written by hand (the same text on SQLite and PostgreSQL) and
 * mapped with the ORM's metadata, as building them through the ORM cost more than running them.
 */
export async function listSessions(em: EntityManager, query: SessionListQuery): Promise<SessionPage> {
  const filter = filterOf(query);
  if (!filter) return { totalCount: 0, items: [] };
  const direction = query.ascending ? 'asc nulls last' : 'desc nulls first';
  const key = query.orderBy ?? 'createdAt';
  const order = key === 'id' ? `s.id ${direction}` : `s.${columnOf(em, key)} ${direction}, s.id ${direction}`;
  const count = async (): Promise<number> => {
    const [row] = await runReadStatement<{ n: unknown }>(
      em,
      `select count(*) as n from sessions s where ${filter.sql}`,
      filter.values,
    );
    return Number(row!.n);
  };
  const page = runReadStatement<RawRow>(
    em,
    `select s.* from sessions s where ${filter.sql} order by ${order} limit ? offset ?`,
    [...filter.values, query.limit, query.offset],
  );
  // Past the first page the count is always needed: read it beside the page. A first page that
  // is not full holds every match: no need to count them.
  const [rows, counted] = await Promise.all([page, query.offset > 0 ? count() : undefined]);
  const totalCount = counted ?? (rows.length < query.limit ? rows.length : await count());
  if (rows.length === 0) return { totalCount, items: [] };
  const toSession = rowMapper(em, SessionEntity.meta.className);
  const sessions = rows.map((row) => toSession(row) as unknown as SessionColumns);
  const ids = sessions.map((session) => session.id);
  const [kernels, dependencies, emails, projects] = await Promise.all([
    kernelsOf(em, ids),
    dependenciesOf(em, ids),
    emailsOf(em, sessions),
    projectIdsOf(em, sessions),
  ]);
  const items = sessions.map((session): ListedSession =>
    listedSessionOf(
      session,
      kernels.get(session.id) ?? [],
      dependencies.get(session.id) ?? [],
      {
        userEmail: emails.get(session.userId.toLowerCase()) ?? null,
        groupId: projects.get(`${session.domainName}/${session.groupName}`) ?? null,
      },
      'take',
    ),
  );
  return { totalCount, items };
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
async function kernelsOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, KernelColumns[]>> {
  const rows = await runReadStatement<RawRow>(
    em,
    `select * from kernels where session_id in (${placeholders(ids)}) order by cluster_idx`,
    [...ids],
  );
  const toKernel = rawKernelReader(em);
  const bySession = new Map<string, KernelColumns[]>();
  for (const row of rows) {
    const kernel = toKernel(row);
    const list = bySession.get(kernel.sessionId);
    if (list) list.push(kernel);
    else bySession.set(kernel.sessionId, [kernel]);
  }
  return bySession;
}

async function dependenciesOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await runReadStatement<{ session_id: unknown; depends_on: unknown }>(
    em,
    `select session_id, depends_on from session_dependencies where session_id in (${placeholders(ids)})`,
    [...ids],
  );
  const bySession = new Map<string, string[]>();
  for (const row of rows) {
    const sessionId = String(row.session_id);
    const list = bySession.get(sessionId);
    if (list) list.push(String(row.depends_on));
    else bySession.set(sessionId, [String(row.depends_on)]);
  }
  return bySession;
}

async function emailsOf(
  em: EntityManager,
  sessions: readonly SessionColumns[],
): Promise<Map<string, string>> {
  const uuids = [...new Set(sessions.map((session) => session.userId.toLowerCase()))].filter(isUuid);
  if (uuids.length === 0) return new Map();
  const rows = await runReadStatement<{ uuid: unknown; email: string }>(
    em,
    `select uuid, email from users where uuid in (${placeholders(uuids)})`,
    uuids,
  );
  return new Map(rows.map((row) => [String(row.uuid).toLowerCase(), row.email] as const));
}

/** Project ids by `<domain>/<project name>`. */
async function projectIdsOf(
  em: EntityManager,
  sessions: readonly SessionColumns[],
): Promise<Map<string, string>> {
  const names = [...new Set(sessions.map((session) => session.groupName))];
  const domains = [...new Set(sessions.map((session) => session.domainName))];
  const rows = await runReadStatement<{ id: unknown; name: string; domain_name: string }>(
    em,
    `select id, name, domain_name from groups where name in (${placeholders(names)})
       and domain_name in (${placeholders(domains)})`,
    [...names, ...domains],
  );
  return new Map(rows.map((row) => [`${row.domain_name}/${row.name}`, String(row.id)] as const));
}
