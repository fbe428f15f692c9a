import type { KeypairRecord } from '@tessera/core';
import type { EventScope } from './session-stream-query';
import type { SessionSnapshot } from './session-snapshots';

/** Which events one `/events/session` stream sends, decided once when it opens. */
export interface SessionStreamFilter {
  caller: Pick<KeypairRecord, 'userId' | 'domainName' | 'userRole' | 'isAdmin'>;
  sessionId: string | null;
  sessionName: string;
  /** The access key a session name belongs to (the caller's, or the checked `ownerAccessKey`). */
  nameOwner: string;
  /** Only this owner's sessions (an explicit `ownerAccessKey`), or null. */
  ownerAccessKey: string | null;
  group: string;
  scope: EventScope;
}

/**
 * Whose sessions a caller sees, as upstream: superadmins (and monitors, Backend.AI's read-only
 * global role) every session; domain admins their domain's; users their own (any of their keypairs).
 */
export function callerSees(caller: SessionStreamFilter['caller'], session: SessionSnapshot): boolean {
  if (caller.userRole === 'superadmin' || caller.userRole === 'monitor') return true;
  if (session.domainName !== caller.domainName) return false;
  if (caller.userRole === 'admin' || caller.isAdmin) return true;
  return session.userId === caller.userId;
}

/** Whether `event` about `session` goes to the stream. */
export function streamWants(filter: SessionStreamFilter, event: string, session: SessionSnapshot): boolean {
  if (!callerSees(filter.caller, session)) return false;
  if (filter.scope === 'session' && !event.startsWith('session_')) return false;
  if (filter.scope === 'kernel' && !event.startsWith('kernel_')) return false;
  if (filter.group !== '*' && session.groupName !== filter.group) return false;
  if (filter.ownerAccessKey !== null && session.accessKey !== filter.ownerAccessKey) return false;
  if (filter.sessionId !== null) return session.id === filter.sessionId;
  if (filter.sessionName === '*') return true;
  return session.name === filter.sessionName && session.accessKey === filter.nameOwner;
}
