import { defineErrorCodes, formatQuotaScope, TesseraError, type FolderRef } from '@tessera/core';

/**
 * The error codes storage-backend/v2 names (see the contract), with the storage proxy's problem
 * types. Shared by every backend built on this package; the table is not listed in a plugin's
 * `errorCodes` because several backends (and @tessera/manager-sessions, for `quota-exceeded`)
 * may run in one deployment and the kernel refuses a code claimed twice.
 */
export const StorageErrorCodes = defineErrorCodes('@tessera/storage-backend-vfs', {
  'folder-not-found': { status: 404, problem: 'storage/vfolder-not-found' },
  'folder-exists': { status: 409, problem: 'storage/vfolder-exists' },
  'quota-exceeded': { status: 413, problem: 'storage/quota-exceeded' },
  'invalid-argument': { status: 400, problem: 'storage/invalid-api-params' },
});

/** Static factories, so every backend words these errors the same way. */
export const StorageErrors = {
  folderNotFound(folder: FolderRef): TesseraError {
    return StorageErrorCodes.error(
      'folder-not-found',
      `folder ${folder.folderId} does not exist in quota scope ${formatQuotaScope(folder.scope)}`,
      { folderId: folder.folderId, quotaScope: formatQuotaScope(folder.scope) },
    );
  },

  folderExists(folder: FolderRef): TesseraError {
    return StorageErrorCodes.error(
      'folder-exists',
      `folder ${folder.folderId} already exists in quota scope ${formatQuotaScope(folder.scope)}`,
      { folderId: folder.folderId, quotaScope: formatQuotaScope(folder.scope) },
    );
  },

  quotaExceeded(what: string, limitBytes: number, neededBytes: number): TesseraError {
    return StorageErrorCodes.error(
      'quota-exceeded',
      `${what} would exceed its limit of ${limitBytes} bytes (${neededBytes} bytes needed)`,
      { limitBytes, neededBytes },
    );
  },

  /** `field` is the argument's name as the contract spells it (`folderId`, `scope.type`, `limitBytes`). */
  invalidArgument(field: string, expected: string, got: unknown): TesseraError {
    return StorageErrorCodes.error(
      'invalid-argument',
      `${field} must be ${expected} (got ${describe(got)})`,
      {
        field,
      },
    );
  },
};

/** A volume config the backend cannot serve: named volume, option or path, and what is expected. */
export function volumeConfigError(volume: string, message: string, details: Record<string, unknown> = {}) {
  return new TesseraError('config-invalid', `storage volume "${volume}": ${message}`, { volume, ...details });
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
