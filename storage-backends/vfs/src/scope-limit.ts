import { formatQuotaScope, type QuotaScope, type StorageUsage } from '@tessera/core';
import { StorageErrors } from './storage-errors';

/**
 * Refuses to add `addedBytes` (a clone's contents) to a scope whose limit they would pass:
 * `quota-exceeded` before any byte is copied, rather than a half-made folder.
 */
export function ensureFitsScope(scope: QuotaScope, usage: StorageUsage | null, addedBytes: number): void {
  if (!usage || usage.limitBytes === null) return;
  const needed = usage.usedBytes + addedBytes;
  if (needed > usage.limitBytes)
    throw StorageErrors.quotaExceeded(`quota scope ${formatQuotaScope(scope)}`, usage.limitBytes, needed);
}
