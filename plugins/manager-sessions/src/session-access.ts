import type { KeypairRecord } from '@tessera/core';
import type { AccessPolicy, AccessRules } from '@tessera/manager';
import type { CreateSessionRequest } from './create-session-request';

/** Reading sessions through the admin API (compute_session(s), compute_container(s)). */
export const SESSION_READ = 'session.read';
/** Creating a `system` session. */
export const SESSION_CREATE_SYSTEM = 'session.create-system';
/** Naming the agents a session's kernels go to (`config.agentList`). */
export const SESSION_DESIGNATE_AGENTS = 'session.designate-agents';

/**
 * What the sessions plugin does on a caller's behalf, contributed to the manager's permission
 * table (`manager/access-rules`). Reading follows upstream's two access modes (api-spec §8.1): a
 * superadmin reads every session, a domain admin its domain's, users and monitors their own
 * access key's. System sessions and designated agents are for admins (api-spec §5), a domain
 * admin's for owners in its own domain.
 */
export const SESSIONS_ACCESS = {
  [SESSION_READ]: {
    description: 'read sessions',
    roles: { superadmin: 'any', admin: 'domain', user: 'self', monitor: 'self' },
  },
  [SESSION_CREATE_SYSTEM]: {
    description: 'create system sessions',
    roles: { superadmin: 'any', admin: 'domain' },
  },
  [SESSION_DESIGNATE_AGENTS]: {
    description: 'assign agents to a session',
    roles: { superadmin: 'any', admin: 'domain' },
  },
} as const satisfies AccessRules;

/**
 * Refuses (`forbidden`, naming the action) a creation the caller may not make for this owner: a
 * system session, or designated agents, from anybody but an admin of the owner's domain or a
 * superadmin. What the request may ask for otherwise is the enqueue checks' (quotas, policy).
 */
export function authorizeCreation(
  access: AccessPolicy,
  caller: KeypairRecord,
  owner: KeypairRecord,
  request: Pick<CreateSessionRequest, 'type' | 'agentList'>,
): void {
  const target = { domainName: owner.domainName, role: owner.userRole };
  if (request.type === 'system') access.authorize(caller, SESSION_CREATE_SYSTEM, target);
  if (request.agentList?.length) access.authorize(caller, SESSION_DESIGNATE_AGENTS, target);
}
