import type { Database, SessionRecord } from '@tessera/core';
import { normalizeUuid } from '@tessera/manager';

/**
 * The owner's session named `idOrName` (among non-terminated sessions), else the owner's session
 * with that id (terminated ones included). Other owners' sessions are never returned.
 */
export async function findOwnedSession(
  db: Database,
  ownerAccessKey: string,
  idOrName: string,
): Promise<SessionRecord | null> {
  const byName = await db.sessions.findActiveByName(ownerAccessKey, idOrName);
  if (byName) return byName;
  const id = normalizeUuid(idOrName);
  if (!id) return null;
  const byId = await db.sessions.get(id);
  return byId && byId.accessKey === ownerAccessKey ? byId : null;
}

/** The session's main kernel (`main1`), which executes code and carries the service ports. */
export function mainKernel<Kernel extends SessionRecord['kernels'][number]>(session: {
  kernels: readonly Kernel[];
}): Kernel | undefined {
  return session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
}
