import type { Client } from 'pg';

/** One sequence for every lock of every namespace in the database: fences only need to grow. */
const FENCE_SEQUENCE = 'tessera_lock_fence';

/** SQLSTATEs of a concurrent CREATE SEQUENCE IF NOT EXISTS that lost the race: it exists now. */
const ALREADY_CREATED = new Set(['23505', '42P07']);

export async function ensureFenceSequence(client: Client): Promise<void> {
  try {
    await client.query(`CREATE SEQUENCE IF NOT EXISTS ${FENCE_SEQUENCE} AS bigint`);
  } catch (error) {
    if (!ALREADY_CREATED.has((error as { code?: string }).code ?? '')) throw error;
  }
}

/** Draws the next fence, in the session that was just granted the lock. */
export async function nextFence(client: Client): Promise<number> {
  const result = await client.query<{ fence: string }>(`SELECT nextval('${FENCE_SEQUENCE}') AS fence`);
  return Number(result.rows[0].fence);
}
