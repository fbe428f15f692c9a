import type { AccessRules } from '@tessera/manager';

/**
 * Who may read resource groups through the admin API (api-spec §8.6), contributed to the manager's
 * permission table (`manager/access-rules`) beside the preset rules: a superadmin only, as
 * Backend.AI's `scaling_group*` queries are `privileged_query(SUPERADMIN)`. (Ordinary callers
 * see the groups open to them through `GET /scaling-groups`, which is not governed by this rule.)
 */
export const RESOURCE_GROUP_ACCESS = {
  'resource-group.read': {
    description: 'read resource groups and their associations',
    roles: { superadmin: 'any' },
  },
} as const satisfies AccessRules;
