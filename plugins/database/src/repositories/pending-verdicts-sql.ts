import type { EntityManager } from '@mikro-orm/postgresql';
import { runPgStatement } from './pg-statement';

export interface PendingVerdictRow {
  sessionId: string;
  statusInfo: string;
  statusData: Record<string, unknown>;
}

/**
 * Writes every verdict in one statement (one transaction): the sessions still PENDING are locked in
 * id order, as the allocation commit locks them, and get their `status_info` and `status_data`;
 * the others are left alone. When a session appears twice, its last verdict is written.
 */
const RECORD_PENDING_VERDICTS = {
  name: 'tessera-record-pending-verdicts',
  text: `
with verdicts as (
  select distinct on (v.id) v.id, v.info, v.data::jsonb as data
  from unnest($1::uuid[], $2::text[], $3::text[]) with ordinality as v(id, info, data, ord)
  order by v.id, v.ord desc
),
pending as (
  select s.id from sessions s
  where s.id in (select id from verdicts) and s.status = 'PENDING'
  order by s.id for update
)
update sessions s set status_info = v.info, status_data = v.data
from verdicts v
where s.id = v.id and s.id in (select id from pending)`,
};

/** `recordPendingVerdicts` on PostgreSQL: one round trip, however many sessions a pass left waiting. */
export async function recordPendingVerdictsSql(
  em: EntityManager,
  verdicts: ReadonlyArray<PendingVerdictRow>,
): Promise<void> {
  await runPgStatement(em, RECORD_PENDING_VERDICTS, [
    verdicts.map((v) => v.sessionId),
    verdicts.map((v) => v.statusInfo),
    verdicts.map((v) => JSON.stringify(v.statusData)),
  ]);
}
