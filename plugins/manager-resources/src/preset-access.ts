import type { AccessRules } from '@tessera/manager';

/**
 * Who may do what to resource presets (api-spec §8.7), contributed to the manager's permission
 * table (`manager/access-rules`): every signed caller reads them (as `/resource/presets` does);
 * only a superadmin creates, modifies or deletes one (Backend.AI's `allowed_roles`).
 */
export const PRESET_ACCESS = {
  'preset.read': {
    description: 'read resource presets',
    roles: { superadmin: 'any', admin: 'any', user: 'any', monitor: 'any' },
  },
  'preset.create': { description: 'create resource presets', roles: { superadmin: 'any' } },
  'preset.modify': { description: 'modify resource presets', roles: { superadmin: 'any' } },
  'preset.delete': { description: 'delete resource presets', roles: { superadmin: 'any' } },
} as const satisfies AccessRules;
