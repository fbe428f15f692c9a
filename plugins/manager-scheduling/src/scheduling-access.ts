import type { AccessRules } from '@tessera/manager';

/**
 * Who may read agents (`agent`, `agent_list`, `agents`) and modify them (`modify_agent`),
 * contributed to the manager's permission table (`manager/access-rules`): superadmins only, as
 * upstream's admin agent queries and mutation.
 */
export const SCHEDULING_ACCESS = {
  'agent.read': { description: 'read agents', roles: { superadmin: 'any' } },
  'agent.modify': { description: 'modify agents (schedulable)', roles: { superadmin: 'any' } },
} as const satisfies AccessRules;
