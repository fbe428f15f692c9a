import type { KeypairRecord, SessionListQuery } from '@tessera/core';
import type { AccessPolicy } from '@tessera/manager';
import { SESSION_READ } from '../session-access';

/** The owner filters a viewer's session queries are confined to. */
export type SessionScope = Pick<SessionListQuery, 'accessKey' | 'domainName' | 'groupId'>;

/** The filters a query asks for (`compute_session_list`'s `access_key`, `domain_name`, `group_id`). */
export type AskedScope = SessionScope;

/**
 * The filters a viewer's session query runs with, from the permission table's `session.read`
 * (upstream's `scoped_query`): a superadmin's filters only narrow; a domain admin is confined to
 * its domain; anybody else to its own access key. Asking for another domain (or, for an ordinary
 * user, another access key) is refused with `forbidden`, not answered empty; a project id cannot
 * widen anything, as it is combined with the domain or access key.
 */
export function scopeSessions(
  caller: KeypairRecord,
  access: AccessPolicy,
  asked: AskedScope = {},
): SessionScope {
  const scope: SessionScope = { ...definedOnly(asked) };
  // A `self` reach is checked on the access key (the caller's own unless another is asked for).
  const ownOnly = access.scopeOf(caller, SESSION_READ) === 'self';
  const reach = access.authorize(caller, SESSION_READ, {
    domainName: asked.domainName ?? caller.domainName,
    accessKey: asked.accessKey ?? (ownOnly ? caller.accessKey : undefined),
  });
  if (reach === 'any') return scope;
  scope.domainName = caller.domainName;
  if (reach !== 'domain') scope.accessKey = caller.accessKey;
  return scope;
}

function definedOnly(asked: AskedScope): SessionScope {
  const scope: SessionScope = {};
  if (asked.accessKey !== undefined) scope.accessKey = asked.accessKey;
  if (asked.domainName !== undefined) scope.domainName = asked.domainName;
  if (asked.groupId !== undefined) scope.groupId = asked.groupId;
  return scope;
}
