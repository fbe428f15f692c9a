import type { Database, SessionRecord } from '@tessera/core';
import { normalizeUuid } from '@tessera/manager';

/**
 * The owner's session named `idOrName` (among non-terminated sessions, the newest), else the
 * owner's session with that id (terminated ones included; dashed or 32 hex digits). Other owners'
 * sessions are never returned. Read with the repository's hand-written statements
 * (`findOwnedListed`, about 0.1 ms on SQLite) rather than two ORM queries (about 2.7 ms): every
 * execute, REST or streamed, and most session routes start here. The record is the caller's own
 * copy (the repository's is frozen and shared).
 */
export async function findOwnedSession(
  db: Database,
  ownerAccessKey: string,
  idOrName: string,
): Promise<SessionRecord | null> {
  let found = await db.sessions.findOwnedListed(ownerAccessKey, idOrName);
  const id = normalizeUuid(idOrName);
  if (!found && id && id !== idOrName) found = await db.sessions.findOwnedListed(ownerAccessKey, id);
  return found ? structuredClone(found) : null;
}

/** The session's main kernel (`main1`), which executes code and carries the service ports. */
export function mainKernel<Kernel extends SessionRecord['kernels'][number]>(session: {
  kernels: readonly Kernel[];
}): Kernel | undefined {
  return session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
}
