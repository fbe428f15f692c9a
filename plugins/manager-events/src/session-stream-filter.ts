import type { KeypairRecord } from '@tessera/core';
import type { AccessPolicy, AccessRules } from '@tessera/manager';
import type { EventScope } from './session-stream-query';
import type { SessionSnapshot } from './session-snapshots';

/** Which events one `/events/session` stream sends, decided once when it opens. */
export interface SessionStreamFilter {
  /** Whether the caller may see this session's events (`sessionSeer`). */
  sees: (session: SessionSnapshot) => boolean;
  sessionId: string | null;
  sessionName: string;
  /** The access key a session name belongs to (the caller's, or the checked `ownerAccessKey`). */
  nameOwner: string;
  /** Only this owner's sessions (an explicit `ownerAccessKey`), or null. */
  ownerAccessKey: string | null;
  group: string;
  scope: EventScope;
}

/** Watching sessions' events (`/events/session`). */
export const SESSION_WATCH = 'session.watch';

/**
 * What the events plugin does on a caller's behalf, contributed to the manager's permission table:
 * watching session events reaches, as upstream, every session for superadmins and monitors
 * (Backend.AI's read-only global role), the domain's for domain admins, and the caller's own
 * (any of its keypairs) for users.
 */
export const EVENTS_ACCESS = {
  [SESSION_WATCH]: {
    description: "watch sessions' events",
    roles: { superadmin: 'any', monitor: 'any', admin: 'domain', user: 'self' },
  },
} as const satisfies AccessRules;

/** Whose sessions a caller sees events of, decided by the permission table for each session. */
export function sessionSeer(
  access: AccessPolicy,
  caller: KeypairRecord,
): (session: SessionSnapshot) => boolean {
  return (session) =>
    access.allows(caller, SESSION_WATCH, { domainName: session.domainName, userId: session.userId });
}

/** Whether `event` about `session` goes to the stream. */
export function streamWants(filter: SessionStreamFilter, event: string, session: SessionSnapshot): boolean {
  if (!filter.sees(session)) return false;
  if (filter.scope === 'session' && !event.startsWith('session_')) return false;
  if (filter.scope === 'kernel' && !event.startsWith('kernel_')) return false;
  if (filter.group !== '*' && session.groupName !== filter.group) return false;
  if (filter.ownerAccessKey !== null && session.accessKey !== filter.ownerAccessKey) return false;
  if (filter.sessionId !== null) return session.id === filter.sessionId;
  if (filter.sessionName === '*') return true;
  return session.name === filter.sessionName && session.accessKey === filter.nameOwner;
}
