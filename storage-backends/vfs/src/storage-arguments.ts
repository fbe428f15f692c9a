import type { FolderRef, QuotaScope } from '@tessera/core';
import { StorageErrors } from './storage-errors';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Checks a quota scope before any path is built from it (a scope id is a path component, so
 * anything but a UUID is refused here, `..` and separators included). `field` prefixes the names
 * in the error (`scope`, `target.scope`).
 */
export function checkScope(scope: QuotaScope, field = 'scope'): void {
  if (typeof scope !== 'object' || scope === null)
    throw StorageErrors.invalidArgument(field, 'a quota scope', scope);
  if (scope.type !== 'user' && scope.type !== 'project')
    throw StorageErrors.invalidArgument(`${field}.type`, '"user" or "project"', scope.type);
  if (typeof scope.id !== 'string' || !UUID.test(scope.id))
    throw StorageErrors.invalidArgument(`${field}.id`, 'a UUID', scope.id);
}

/** Checks a folder reference (its scope and its UUID); `field` prefixes the names in the error. */
export function checkFolder(folder: FolderRef, field = ''): void {
  const prefix = field ? `${field}.` : '';
  if (typeof folder !== 'object' || folder === null)
    throw StorageErrors.invalidArgument(field || 'folder', 'a folder reference', folder);
  checkScope(folder.scope, `${prefix}scope`);
  if (typeof folder.folderId !== 'string' || !UUID.test(folder.folderId))
    throw StorageErrors.invalidArgument(`${prefix}folderId`, 'a UUID', folder.folderId);
}

/** A limit in bytes: a positive integer, or null (no limit). `undefined` reads as null. */
export function checkLimit(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw StorageErrors.invalidArgument(
      field,
      'a positive whole number of bytes, or null for no limit',
      value,
    );
  return value;
}

/** A UUID as 32 lower-case hex digits, the form directory names use. */
export function uuidHex(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}
