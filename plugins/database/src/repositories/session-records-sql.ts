import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import type { SessionRecord, SessionStatus } from '@tessera/core';
import { SessionEntity } from '../entities';
import { rowMapper } from '../records/raw-row';
import {
  rawKernelReader,
  sessionRecordOf,
  type KernelColumns,
  type SessionColumns,
} from '../records/session-record';
import { runPgStatement } from './pg-statement';
import { runSqliteStatement } from './sqlite-statement';

type RawRow = Record<string, unknown>;

/** Which sessions to read: by id (no order), or by status (oldest first, then by id). */
export type SessionRecordFilter = { ids: readonly string[] } | { statuses: readonly SessionStatus[] };

/*
 * Two statements per read: the sessions with the ids they depend on, then their kernels. Lists are
 * bound as one parameter (an array on PostgreSQL, a JSON array on SQLite), so each statement is
 * prepared once whatever the list's length.
 */
const PG_DEPENDENCIES = `array(select d.depends_on::text from session_dependencies d where d.session_id = s.id)`;
const PG_SESSIONS_BY_ID = {
  name: 'tessera-session-records-by-id',
  text: `select s.*, ${PG_DEPENDENCIES} as tessera_dependencies from sessions s where s.id = any($1::uuid[])`,
};
const PG_SESSIONS_BY_STATUS = {
  name: 'tessera-session-records-by-status',
  text: `select s.*, ${PG_DEPENDENCIES} as tessera_dependencies from sessions s
where s.status::text = any($1::text[]) order by s.created_at, s.id`,
};
const PG_KERNELS = {
  name: 'tessera-session-records-kernels',
  text: `select * from kernels where session_id = any($1::uuid[])`,
};

const SQLITE_DEPENDENCIES = `(select json_group_array(d.depends_on) from session_dependencies d where d.session_id = s.id)`;
const SQLITE_SESSIONS_BY_ID = `select s.*, ${SQLITE_DEPENDENCIES} as tessera_dependencies from sessions s
where s.id in (select value from json_each(?))`;
const SQLITE_SESSIONS_BY_STATUS = `select s.*, ${SQLITE_DEPENDENCIES} as tessera_dependencies from sessions s
where s.status in (select value from json_each(?)) order by s.created_at, s.id`;
const SQLITE_KERNELS = `select * from kernels where session_id in (select value from json_each(?))`;

/**
 * Session records read by hand-written statements instead of the ORM's `find` with `populate`:
 * the records `toSessionRecord` makes from entities, at a fraction of the cost (a session is read
 * on every status change of its kernels, by the waiting create call, the lifecycle handler and
 * the callbacks). A test holds the two equal on both drivers.
 */
export async function readSessionRecords(
  em: EntityManager,
  filter: SessionRecordFilter,
): Promise<SessionRecord[]> {
  const postgres = em.getPlatform() instanceof PostgreSqlPlatform;
  const byId = 'ids' in filter;
  const values = byId ? [...new Set(filter.ids)] : [...new Set(filter.statuses)];
  if (values.length === 0) return [];
  const sessionRows = postgres
    ? await runPgStatement<RawRow>(em as PgEntityManager, byId ? PG_SESSIONS_BY_ID : PG_SESSIONS_BY_STATUS, [
        values,
      ])
    : await runSqliteStatement<RawRow>(em, byId ? SQLITE_SESSIONS_BY_ID : SQLITE_SESSIONS_BY_STATUS, [
        JSON.stringify(values),
      ]);
  if (sessionRows.length === 0) return [];
  const sessionIds = sessionRows.map((row) => String(row['id']));
  const kernelRows = postgres
    ? await runPgStatement<RawRow>(em as PgEntityManager, PG_KERNELS, [sessionIds])
    : await runSqliteStatement<RawRow>(em, SQLITE_KERNELS, [JSON.stringify(sessionIds)]);

  const readKernel = rawKernelReader(em);
  const kernelsOf = new Map<string, KernelColumns[]>();
  for (const raw of kernelRows) {
    const kernel = readKernel(raw);
    const siblings = kernelsOf.get(kernel.sessionId);
    if (siblings) siblings.push(kernel);
    else kernelsOf.set(kernel.sessionId, [kernel]);
  }
  const readSession = rowMapper(em, SessionEntity.meta.className);
  return sessionRows.map((raw) => {
    const { tessera_dependencies: dependencies, ...columns } = raw;
    const session = readSession(columns) as unknown as SessionColumns;
    return sessionRecordOf(
      session,
      kernelsOf.get(session.id) ?? [],
      postgres ? (dependencies as string[]) : (JSON.parse(String(dependencies)) as string[]),
      'take',
    );
  });
}
