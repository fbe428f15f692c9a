import type { AccessRules } from '@tessera/manager';

/**
 * Who may do what to container registries and image rescans, contributed to the manager's
 * permission table (`manager/access-rules`). Registries are superadmin-only, reads included (their
 * config holds credentials), as Backend.AI's `allowed_roles`; a rescan may also be started by a
 * domain admin (22.09's RescanImages allows ADMIN and SUPERADMIN).
 */
export const REGISTRY_ACCESS = {
  'container-registry.read': { description: 'read container registries', roles: { superadmin: 'any' } },
  'container-registry.create': { description: 'add container registries', roles: { superadmin: 'any' } },
  'container-registry.modify': { description: 'modify container registries', roles: { superadmin: 'any' } },
  'container-registry.delete': { description: 'delete container registries', roles: { superadmin: 'any' } },
  'image.rescan': {
    description: 'rescan container registries for images',
    roles: { superadmin: 'any', admin: 'any' },
  },
} as const satisfies AccessRules;
