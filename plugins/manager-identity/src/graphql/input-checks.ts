import {
  USER_ROLE_VALUES,
  USER_STATUS_VALUES,
  type UserRole,
  type UserStatus,
  type VfolderHostGrants,
} from '@tessera/core';
import { ManagerErrors, normalizeUuid } from '@tessera/manager';

/*
 * Checks of mutation arguments: each refuses with `invalid-api-params` naming the argument and
 * what is expected, before anything is read or written.
 */

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function bad(field: string, expected: string, value: unknown): never {
  throw ManagerErrors.invalidParams(`Invalid ${field}: ${expected} (got ${JSON.stringify(value)})`, {
    field,
  });
}

/** An e-mail of at most 64 characters (upstream's column). */
export function checkEmail(value: string, field = 'email'): string {
  if (value.length > 64 || !EMAIL.test(value))
    bad(field, 'an e-mail address of at most 64 characters', value);
  return value;
}

/** A domain, project or policy name: 1-64 letters, digits, "_", "." or "-", starting with a letter or digit. */
export function checkName(value: string, field: string): string {
  if (value.length > 64 || !NAME.test(value))
    bad(field, '1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit', value);
  return value;
}

/** A user name: 1-64 characters, no control characters. */
export function checkUsername(value: string, field = 'username'): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (value.length < 1 || value.length > 64 || /[\u0000-\u001f]/.test(value))
    bad(field, '1 to 64 characters without control characters', value);
  return value;
}

/** A password bcrypt can hash whole: 1-72 characters. */
export function checkPassword(value: string, field = 'password'): string {
  if (value.length < 1 || Buffer.byteLength(value) > 72) bad(field, '1 to 72 bytes', '***');
  return value;
}

export function checkRole(value: string, field = 'role'): UserRole {
  if (!(USER_ROLE_VALUES as readonly string[]).includes(value))
    bad(field, `one of ${USER_ROLE_VALUES.join(', ')}`, value);
  return value as UserRole;
}

export function checkStatus(value: string, field = 'status'): UserStatus {
  if (!(USER_STATUS_VALUES as readonly string[]).includes(value))
    bad(field, `one of ${USER_STATUS_VALUES.join(', ')}`, value);
  return value as UserStatus;
}

export function checkUuid(value: string, field: string): string {
  const id = normalizeUuid(value);
  if (id === null) bad(field, 'a UUID (hex 8-4-4-4-12)', value);
  return id;
}

export function checkCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) bad(field, 'an integer of 0 or more', value);
  return value;
}

/**
 * Every vfolder permission; a host given as a plain name (the admin API's `[String]`) is granted
 * all of them, as upstream's migration from host lists to permission maps did.
 */
const ALL_VFOLDER_PERMISSIONS = [
  'create-vfolder',
  'modify-vfolder',
  'delete-vfolder',
  'mount-in-session',
  'upload-file',
  'download-file',
  'invite-others',
  'set-user-specific-permission',
];

export function checkHosts(value: readonly string[], field: string): VfolderHostGrants {
  const grants: VfolderHostGrants = {};
  for (const host of value) {
    if (!/^[^\s:]+:[^\s:]+$/.test(host) && !/^[^\s:]+$/.test(host))
      bad(field, 'storage hosts as "proxy:volume"', host);
    grants[host] = [...ALL_VFOLDER_PERMISSIONS];
  }
  return grants;
}

export function checkEnum<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) bad(field, `one of ${allowed.join(', ')}`, value);
  return value as T;
}
