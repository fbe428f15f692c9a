import type { Database, ListedSession, SessionRecord } from '@tessera/core';
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

/**
 * `findOwnedSession` as the admin listing shows the session (with each kernel's last stat), in one
 * lookup by name and one listing, rather than a read by id and then the listing.
 */
export async function findOwnedListedSession(
  db: Database,
  ownerAccessKey: string,
  idOrName: string,
): Promise<ListedSession | null> {
  const byName = await db.sessions.findActiveByName(ownerAccessKey, idOrName);
  const id = byName?.id ?? normalizeUuid(idOrName);
  if (!id) return null;
  const page = await db.sessions.list({ ids: [id], accessKey: ownerAccessKey, limit: 1, offset: 0 });
  return page.items[0] ?? null;
}

/** The session's main kernel (`main1`), which executes code and carries the service ports. */
export function mainKernel<Kernel extends SessionRecord['kernels'][number]>(session: {
  kernels: readonly Kernel[];
}): Kernel | undefined {
  return session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
}
