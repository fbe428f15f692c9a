import type { AccessRules } from '@tessera/manager';

/**
 * Who may read agents (`agent`, `agent_list`), contributed to the manager's permission table
 * (`manager/access-rules`): superadmins only, as upstream's admin agent queries.
 */
export const SCHEDULING_ACCESS = {
  'agent.read': { description: 'read agents', roles: { superadmin: 'any' } },
} as const satisfies AccessRules;
