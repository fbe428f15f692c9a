import type { KeypairRecord, SessionListQuery } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** The owner filters a viewer's session queries are confined to. */
export type SessionScope = Pick<SessionListQuery, 'accessKey' | 'domainName' | 'groupId'>;

/** The filters a query asks for (`compute_session_list`'s `access_key`, `domain_name`, `group_id`). */
export type AskedScope = SessionScope;

export function isSuperadmin(caller: KeypairRecord): boolean {
  return caller.userRole === 'superadmin';
}

/** A domain admin, as the REST routes' `owner_access_key` rule has it: the admin role or an admin keypair. */
export function isDomainAdmin(caller: KeypairRecord): boolean {
  return !isSuperadmin(caller) && (caller.userRole === 'admin' || caller.isAdmin);
}

/**
 * The two access modes of the admin API (api-spec §8.1, §8.16), as upstream's `scoped_query`
 * applies them: a superadmin sees every session and the filters only narrow; a domain admin sees
 * its domain; anybody else sees the sessions of its own access key. Asking for another domain (or,
 * for an ordinary user, another access key) is refused with `forbidden`, not answered empty; a
 * project id cannot widen anything, as it is combined with the domain or access key.
 */
export function scopeSessions(caller: KeypairRecord, asked: AskedScope = {}): SessionScope {
  const scope: SessionScope = { ...definedOnly(asked) };
  if (isSuperadmin(caller)) return scope;
  if (asked.domainName !== undefined && asked.domainName !== caller.domainName) {
    throw ManagerErrors.forbidden(
      `Only superadmins may query sessions of another domain (asked for domain "${asked.domainName}")`,
    );
  }
  scope.domainName = caller.domainName;
  if (isDomainAdmin(caller)) return scope;
  if (asked.accessKey !== undefined && asked.accessKey !== caller.accessKey) {
    throw ManagerErrors.forbidden(
      `Only admins may query sessions of another access key (asked for "${asked.accessKey}")`,
    );
  }
  scope.accessKey = caller.accessKey;
  return scope;
}

function definedOnly(asked: AskedScope): SessionScope {
  const scope: SessionScope = {};
  if (asked.accessKey !== undefined) scope.accessKey = asked.accessKey;
  if (asked.domainName !== undefined) scope.domainName = asked.domainName;
  if (asked.groupId !== undefined) scope.groupId = asked.groupId;
  return scope;
}
