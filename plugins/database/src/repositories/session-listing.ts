import { QueryOrder, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { ListedSession, SessionListQuery, SessionPage } from '@tessera/core';
import { GroupEntity, KernelEntity, SessionEntity, UserEntity, type SessionRow } from '../entities';
import { kernelColumnsOf, listedSessionOf } from '../records/session-record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs match nothing (and would not cast on PostgreSQL's uuid columns). */
function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * The admin listing of sessions (`SessionRepository.list`): filters, a stable order (the key,
 * then the id, nulls last ascending), one page, and the count of every match (counted only when the
 * page does not show it: a first page that is not full holds them all). The page is read
 * first and its kernels, dependencies, owners' e-mails and project ids are loaded for it alone,
 * with the same queries on SQLite and PostgreSQL.
 */
export async function listSessions(em: EntityManager, query: SessionListQuery): Promise<SessionPage> {
  const where = await filterOf(em, query);
  if (!where) return { totalCount: 0, items: [] };
  const direction = query.ascending ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_FIRST;
  const key = query.orderBy ?? 'createdAt';
  const rows = await em.find(SessionEntity, where, {
    orderBy: key === 'id' ? { id: direction } : { [key]: direction, id: direction },
    limit: query.limit,
    offset: query.offset,
  });
  // A first page that is not full holds every match: no need to count them.
  const totalCount =
    query.offset === 0 && rows.length < query.limit ? rows.length : await em.count(SessionEntity, where);
  if (rows.length === 0) return { totalCount, items: [] };
  await em.populate(rows, ['kernels', 'dependencies']);
  const emails = await emailsOf(em, rows);
  const projects = await projectIdsOf(em, rows);
  const items = rows.map((row) => listed(row, emails, projects));
  return { totalCount, items };
}

/** The filter as a query, or null when it can match nothing. */
async function filterOf(em: EntityManager, query: SessionListQuery): Promise<FilterQuery<SessionRow> | null> {
  const all: Array<FilterQuery<SessionRow>> = [];
  if (query.ids) {
    const ids = [...new Set(query.ids)].filter(isUuid).map((id) => id.toLowerCase());
    if (ids.length === 0) return null;
    all.push({ id: { $in: ids } });
  }
  if (query.kernelId !== undefined) {
    if (!isUuid(query.kernelId)) return null;
    const kernel = await em.findOne(KernelEntity, { id: query.kernelId.toLowerCase() });
    if (!kernel) return null;
    all.push({ id: kernel.session.id });
  }
  if (query.groupId !== undefined) {
    if (!isUuid(query.groupId)) return null;
    const project = await em.findOne(GroupEntity, { id: query.groupId.toLowerCase() });
    if (!project) return null;
    all.push({ groupName: project.name, domainName: project.domain.name });
  }
  if (query.accessKey !== undefined) all.push({ accessKey: query.accessKey });
  if (query.domainName !== undefined) all.push({ domainName: query.domainName });
  if (query.statuses) {
    if (query.statuses.length === 0) return null;
    all.push({ status: { $in: [...query.statuses] } });
  }
  return all.length === 0 ? {} : { $and: all };
}

async function emailsOf(em: EntityManager, rows: readonly SessionRow[]): Promise<Map<string, string>> {
  const uuids = [...new Set(rows.map((row) => row.userId))].filter(isUuid);
  if (uuids.length === 0) return new Map();
  const users = await em.find(UserEntity, { uuid: { $in: uuids } });
  return new Map(users.map((user) => [user.uuid.toLowerCase(), user.email] as const));
}

/** Project ids by `<domain>/<project name>`. */
async function projectIdsOf(em: EntityManager, rows: readonly SessionRow[]): Promise<Map<string, string>> {
  const names = [...new Set(rows.map((row) => row.groupName))];
  const domains = [...new Set(rows.map((row) => row.domainName))];
  const projects = await em.find(GroupEntity, { name: { $in: names }, domain: { name: { $in: domains } } });
  return new Map(projects.map((project) => [`${project.domain.name}/${project.name}`, project.id] as const));
}

function listed(row: SessionRow, emails: Map<string, string>, projects: Map<string, string>): ListedSession {
  return listedSessionOf(
    row,
    row.kernels.getItems().map(kernelColumnsOf),
    row.dependencies.getItems().map((dependency) => dependency.id),
    {
      userEmail: emails.get(row.userId.toLowerCase()) ?? null,
      groupId: projects.get(`${row.domainName}/${row.groupName}`) ?? null,
    },
  );
}
