import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import { SESSION_TERMINAL_STATUSES, type ListedSession } from '@tessera/core';
import { SessionEntity } from '../entities';
import { rowMapper } from '../records/raw-row';
import { listedSessionOf, rawKernelReader, type SessionColumns } from '../records/session-record';
import { runPgStatement } from './pg-statement';
import {
  deepFreeze,
  onSqliteReader,
  SqliteReadCache,
  withSqliteConnection,
  type SqliteConnection,
  type SqliteRun,
} from './sqlite-statement';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDED = [...SESSION_TERMINAL_STATUSES];

/**
 * The hot read of the user API (`GET /session/:id`): the owner's live session of that name, else
 * the owner's session of that id, with its dependencies, owner's e-mail and project id, in one
 * statement; its kernels in a second. The listing (`session-listing.ts`) answers the same through
 * the ORM's query building, which costs more than the statements themselves; a test holds the two
 * equal on both drivers.
 */
const PG_SESSION = {
  name: 'tessera-read-owned-session',
  text: `
select s.*, u.email as tessera_user_email, g.id::text as tessera_group_id,
  array(select d.depends_on::text from session_dependencies d where d.session_id = s.id) as tessera_dependencies
from sessions s
left join users u on u.uuid = (case when s.user_id ~* '${UUID.source.slice(1, -1)}' then s.user_id::uuid end)
left join groups g on g.name = s.group_name and g.domain_name = s.domain_name
where s.access_key = $1 and ((s.name = $2 and s.status::text <> all($3::text[])) or s.id = $4::uuid)
order by (s.name = $2 and s.status::text <> all($3::text[])) desc, s.created_at desc
limit 1`,
};

const PG_KERNELS = {
  name: 'tessera-read-session-kernels',
  text: `select * from kernels where session_id = $1 order by cluster_idx`,
};

const ENDED_PLACEHOLDERS = ENDED.map(() => '?').join(', ');
const SQLITE_SESSION = `
select s.*, u.email as tessera_user_email, g.id as tessera_group_id,
  (select json_group_array(d.depends_on) from session_dependencies d where d.session_id = s.id)
    as tessera_dependencies
from sessions s
left join users u on u.uuid = lower(s.user_id)
left join groups g on g.name = s.group_name and g.domain_name = s.domain_name
where s.access_key = ? and ((s.name = ? and s.status not in (${ENDED_PLACEHOLDERS})) or s.id = ?)
order by (s.name = ? and s.status not in (${ENDED_PLACEHOLDERS})) desc, s.created_at desc
limit 1`;

const SQLITE_KERNELS = `select * from kernels where session_id = ? order by cluster_idx`;

type RawRow = Record<string, unknown>;

/** Sessions read on SQLite, by owner and id or name, while the database is unchanged. */
const SQLITE_ANSWERS = new SqliteReadCache<ListedSession | null>(1024);

/**
 * `SessionRepository.findOwnedListed`. The record is frozen: on SQLite the same one answers again
 * until anything in the database changes (a client polling its session costs one 7 µs statement
 * instead of two reads and their mapping), and it is frozen on PostgreSQL too so that a caller
 * changing it fails on both drivers alike. On a SQLite file, `reader` (its reader connection)
 * reads without waiting for the ORM's pool.
 */
export async function readOwnedSession(
  em: EntityManager,
  reader: SqliteConnection | null,
  accessKey: string,
  idOrName: string,
): Promise<ListedSession | null> {
  const id = UUID.test(idOrName) ? idOrName.toLowerCase() : null;
  if (!(em.getPlatform() instanceof PostgreSqlPlatform)) {
    const answer = (connection: SqliteConnection, run: SqliteRun) =>
      SQLITE_ANSWERS.answer(connection, `${accessKey}\0${idOrName}`, () => {
        const [row] = run<RawRow>(SQLITE_SESSION, [accessKey, idOrName, ...ENDED, id, idOrName, ...ENDED]);
        if (!row) return null;
        const kernels = run<RawRow>(SQLITE_KERNELS, [String(row['id'])]);
        return deepFreeze(
          listedSessionFromRows(em, row, kernels, JSON.parse(String(row['tessera_dependencies']))),
        );
      });
    return reader ? onSqliteReader(em, reader, answer) : withSqliteConnection(em, answer);
  }
  const pg = em as PgEntityManager;
  const [row] = await runPgStatement<RawRow>(pg, PG_SESSION, [accessKey, idOrName, ENDED, id]);
  if (!row) return null;
  const kernels = await runPgStatement<RawRow>(pg, PG_KERNELS, [String(row['id'])]);
  return deepFreeze(listedSessionFromRows(em, row, kernels, row['tessera_dependencies'] as string[]));
}

/** The listed session from its row (with the joined columns) and its kernels' rows. */
function listedSessionFromRows(
  em: EntityManager,
  raw: RawRow,
  kernelRows: RawRow[],
  dependencies: string[],
): ListedSession {
  const { tessera_user_email, tessera_group_id, tessera_dependencies: _, ...sessionColumns } = raw;
  const session = rowMapper(em, SessionEntity.meta.className)(sessionColumns) as unknown as SessionColumns;
  return listedSessionOf(
    session,
    kernelRows.map(rawKernelReader(em)),
    dependencies,
    {
      userEmail: typeof tessera_user_email === 'string' ? tessera_user_email : null,
      groupId: typeof tessera_group_id === 'string' ? tessera_group_id : null,
    },
    'take',
  );
}
