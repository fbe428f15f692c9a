import type { KeypairRecord } from '@tessera/core';
import type { KeypairRow } from '../entities';

/** Needs `user` and `user.domain` loaded (or at least referenced) and `resourcePolicy` referenced. */
export function toKeypairRecord(row: KeypairRow): KeypairRecord {
  return {
    accessKey: row.accessKey,
    secretKey: row.secretKey,
    userId: row.user.uuid,
    userEmail: row.user.email,
    userRole: row.user.role,
    domainName: row.user.domain.name,
    isActive: row.isActive,
    isAdmin: row.isAdmin,
    rateLimit: row.rateLimit,
    resourcePolicy: row.resourcePolicy.name,
  };
}
