import type { AccessRules } from '@tessera/manager';

/**
 * Who may read and change images through the admin API, contributed to the manager's permission
 * table (`manager/access-rules`). As Backend.AI 22.09: `image` / `images` are open to every role,
 * a domain admin or user seeing only images of the registries its domain allows
 * (`domains.allowed_docker_registries`, scope `domain` on the caller's domain); a monitor reads
 * every image, as it reads everything else here; alias, dealias, forget, modify and clear are
 * `allowed_roles = (SUPERADMIN,)`.
 */
export const IMAGE_ACCESS = {
  'image.read': {
    description: 'read images',
    roles: { superadmin: 'any', admin: 'domain', user: 'domain', monitor: 'any' },
  },
  'image.alias': { description: 'add image aliases', roles: { superadmin: 'any' } },
  'image.dealias': { description: 'remove image aliases', roles: { superadmin: 'any' } },
  'image.forget': { description: 'forget images', roles: { superadmin: 'any' } },
  'image.modify': { description: 'modify images', roles: { superadmin: 'any' } },
  'image.clear': { description: "clear a registry's images", roles: { superadmin: 'any' } },
} as const satisfies AccessRules;
