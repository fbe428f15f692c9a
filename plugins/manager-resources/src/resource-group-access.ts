import type { AccessRules } from '@tessera/manager';

/**
 * Who may read and write resource groups through the admin API (api-spec §8.6), contributed to
 * the manager's permission table (`manager/access-rules`) beside the preset rules: a superadmin
 * only, as Backend.AI's `scaling_group*` queries are `privileged_query(SUPERADMIN)` and every
 * scaling group mutation has `allowed_roles = (SUPERADMIN,)`. (Ordinary callers see the groups
 * open to them through `GET /scaling-groups`, which is not governed by this rule.)
 */
export const RESOURCE_GROUP_ACCESS = {
  'resource-group.read': {
    description: 'read resource groups and their associations',
    roles: { superadmin: 'any' },
  },
  'resource-group.create': { description: 'create resource groups', roles: { superadmin: 'any' } },
  'resource-group.modify': {
    description: 'modify resource groups (scheduler, options, driver, ...)',
    roles: { superadmin: 'any' },
  },
  'resource-group.delete': { description: 'delete unused resource groups', roles: { superadmin: 'any' } },
  'resource-group.associate': {
    description: 'associate resource groups with domains, projects and keypairs',
    roles: { superadmin: 'any' },
  },
  'resource-group.disassociate': {
    description: 'remove associations of resource groups with domains, projects and keypairs',
    roles: { superadmin: 'any' },
  },
} as const satisfies AccessRules;
