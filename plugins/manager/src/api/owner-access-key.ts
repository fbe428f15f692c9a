import type { KeypairRecord, KeypairRepository } from '@tessera/core';
import type { AccessPolicy } from '../access/access-policy';
import { ACT_FOR_ANOTHER_KEYPAIR } from '../access/host-access';
import { ManagerErrors } from '../manager-errors';

/**
 * Whose resources (sessions, ...) a request acts on: the caller's, or the keypair named by
 * `owner_access_key` when the permission table lets the caller act for it (`keypair.act-for`: a
 * domain admin within its own domain, superadmins anywhere). A role that may not act for anybody
 * is `forbidden`; a keypair the caller may not act for is answered as unknown, as one that does
 * not exist, so that other domains' access keys cannot be probed.
 */
export async function resolveOwner(
  caller: KeypairRecord,
  ownerAccessKey: string | undefined,
  keypairs: KeypairRepository,
  access: AccessPolicy,
): Promise<KeypairRecord> {
  if (!ownerAccessKey || ownerAccessKey === caller.accessKey) return caller;
  if (access.scopeOf(caller, ACT_FOR_ANOTHER_KEYPAIR) === null)
    access.authorize(caller, ACT_FOR_ANOTHER_KEYPAIR);
  const owner = await keypairs.findByAccessKey(ownerAccessKey);
  const target = owner && { domainName: owner.domainName, role: owner.userRole };
  if (!owner || !access.allows(caller, ACT_FOR_ANOTHER_KEYPAIR, target!)) {
    throw ManagerErrors.invalidParams(`Unknown owner access key "${ownerAccessKey}"`, {
      owner_access_key: ownerAccessKey,
    });
  }
  return owner;
}
