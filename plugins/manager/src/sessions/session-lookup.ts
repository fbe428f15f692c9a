import type { Database, SessionRecord } from '@tessera/core';

const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_UUID = /^[0-9a-f]{32}$/i;

/** A session id in its dashed form, or null when the text is not a UUID. */
export function normalizeSessionId(text: string): string | null {
  if (DASHED_UUID.test(text)) return text.toLowerCase();
  if (PLAIN_UUID.test(text)) {
    const t = text.toLowerCase();
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-${t.slice(12, 16)}-${t.slice(16, 20)}-${t.slice(20)}`;
  }
  return null;
}

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
  const id = normalizeSessionId(idOrName);
  if (!id) return null;
  const byId = await db.sessions.get(id);
  return byId && byId.accessKey === ownerAccessKey ? byId : null;
}

/** The session's main kernel (`main1`), which executes code and carries the service ports. */
export function mainKernel(session: SessionRecord): SessionRecord['kernels'][number] | undefined {
  return session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
}
