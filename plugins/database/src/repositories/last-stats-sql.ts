import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as PgEntityManager } from '@mikro-orm/postgresql';
import { KERNEL_ON_AGENT_STATUSES } from '@tessera/core';
import { runPgStatement } from './pg-statement';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The statuses in which an agent still holds a kernel, so its report about it is current. */
const HELD = [...KERNEL_ON_AGENT_STATUSES];

/**
 * PostgreSQL: every kernel's stat in one statement (one round trip, however many kernels the
 * agent runs). The stats travel as one JSON object keyed by kernel id; the kernel must be placed on
 * the reporting agent and still held by it.
 */
const RECORD_LAST_STATS = {
  name: 'tessera-record-last-stats',
  text: `
update kernels k set last_stat = s.value
from jsonb_each($2::jsonb) as s(key, value)
where k.id = s.key::uuid and k.agent = $1 and k.status = any($3::text[])
returning k.id`,
};

/** SQLite: the same in one statement (`UPDATE ... FROM json_each`, SQLite 3.33+). */
function sqliteStatement(statuses: number): string {
  const placeholders = Array.from({ length: statuses }, () => '?').join(', ');
  return `
update kernels set last_stat = s.value
from json_each(?) as s
where kernels.id = s.key and kernels.agent = ? and kernels.status in (${placeholders})
returning kernels.id`;
}

/**
 * `SessionRepository.recordLastStats`: one UPDATE on either driver. Ids that are not UUIDs and
 * stats that are not objects are left out before the statement (they name no kernel).
 */
export async function recordLastStatsSql(
  em: EntityManager,
  agentId: string,
  stats: Readonly<Record<string, Record<string, unknown>>>,
): Promise<number> {
  const byKernel: Record<string, Record<string, unknown>> = {};
  for (const [kernelId, stat] of Object.entries(stats)) {
    if (UUID.test(kernelId) && stat !== null && typeof stat === 'object' && !Array.isArray(stat))
      byKernel[kernelId.toLowerCase()] = stat;
  }
  if (Object.keys(byKernel).length === 0) return 0;
  const json = JSON.stringify(byKernel);
  if (em.getPlatform() instanceof PostgreSqlPlatform) {
    const rows = await runPgStatement(em as PgEntityManager, RECORD_LAST_STATS, [agentId, json, HELD]);
    return rows.length;
  }
  const rows = await em
    .getConnection()
    .execute(sqliteStatement(HELD.length), [json, agentId, ...HELD], 'all');
  return (rows as unknown[]).length;
}
