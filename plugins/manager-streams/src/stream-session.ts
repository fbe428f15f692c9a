import type { Database, KeypairRecord, SessionRecord } from '@tessera/core';
import { resolveOwner, type AccessPolicy } from '@tessera/manager';
import { findOwnedSession, SessionErrors } from '@tessera/manager-sessions';

/**
 * The session a stream is opened on, by the rules REST uses: the caller's own session by name or
 * id, or, for an admin naming `owner_access_key`, that keypair's (a domain admin within its own
 * domain). Someone else's session is `session-not-found` (404); `owner_access_key` from a
 * non-admin is `forbidden` (403).
 */
export async function streamSession(
  db: Database,
  caller: KeypairRecord,
  idOrName: string,
  ownerAccessKey: string | null,
  access: AccessPolicy,
): Promise<SessionRecord> {
  const owner = await resolveOwner(caller, ownerAccessKey ?? undefined, db.keypairs, access);
  const session = await findOwnedSession(db, owner.accessKey, idOrName);
  if (!session) throw SessionErrors.sessionNotFound(idOrName);
  return session;
}
