import type { KeypairRecord, KeypairRepository } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';

/**
 * Whose resources (sessions, ...) a request acts on: the caller's, or, for admins, the keypair named by
 * `owner_access_key` (a domain admin only within its own domain; superadmins anywhere).
 */
export async function resolveOwner(
  caller: KeypairRecord,
  ownerAccessKey: string | undefined,
  keypairs: KeypairRepository,
): Promise<KeypairRecord> {
  if (!ownerAccessKey || ownerAccessKey === caller.accessKey) return caller;
  const superadmin = caller.userRole === 'superadmin';
  const admin = superadmin || caller.userRole === 'admin' || caller.isAdmin;
  if (!admin)
    throw ManagerErrors.forbidden('Only admins may act on behalf of another access key (owner_access_key)');
  const owner = await keypairs.findByAccessKey(ownerAccessKey);
  if (!owner || (!superadmin && owner.domainName !== caller.domainName)) {
    throw ManagerErrors.invalidParams(`Unknown owner access key "${ownerAccessKey}"`, {
      owner_access_key: ownerAccessKey,
    });
  }
  return owner;
}
