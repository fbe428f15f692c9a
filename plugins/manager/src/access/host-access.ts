import type { AccessRules } from './access-policy';

/** The action behind `owner_access_key`: acting for another keypair (resolveOwner). */
export const ACT_FOR_ANOTHER_KEYPAIR = 'keypair.act-for';

/**
 * The actions the manager host itself performs for every feature plugin's routes, first in its
 * permission table: naming another keypair with `owner_access_key` (superadmins anywhere, domain
 * admins within their own domain, as upstream's `get_access_key_scopes`).
 */
export const HOST_ACCESS = {
  [ACT_FOR_ANOTHER_KEYPAIR]: {
    description: 'act on behalf of another access key (owner_access_key)',
    roles: { superadmin: 'any', admin: 'domain' },
  },
} as const satisfies AccessRules;
