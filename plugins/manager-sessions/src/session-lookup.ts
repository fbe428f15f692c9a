import type { Database, SessionRecord } from '@tessera/core';
import { normalizeUuid } from '@tessera/manager';

/**
 * The owner's session named `idOrName` (among non-terminated sessions, the newest), else the
 * owner's session with that id (terminated ones included; dashed or 32 hex digits). Other owners'
 * sessions are never returned. Read with the repository's hand-written statements
 * (`findOwnedListed`, about 0.1 ms on SQLite) rather than two ORM queries (about 2.7 ms): every
 * execute, REST or streamed, and most session routes start here.
 */
export async function findOwnedSession(
  db: Database,
  ownerAccessKey: string,
  idOrName: string,
): Promise<SessionRecord | null> {
  const found = await db.sessions.findOwnedListed(ownerAccessKey, idOrName);
  if (found) return found;
  const id = normalizeUuid(idOrName);
  return id && id !== idOrName ? db.sessions.findOwnedListed(ownerAccessKey, id) : null;
}

/** The session's main kernel (`main1`), which executes code and carries the service ports. */
export function mainKernel<Kernel extends SessionRecord['kernels'][number]>(session: {
  kernels: readonly Kernel[];
}): Kernel | undefined {
  return session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
}
