import { ManagerErrors } from '@tessera/manager';

/** The longest name the `vfolders.name` column holds. */
export const MAX_FOLDER_NAME_LENGTH = 64;

/** Backend.AI's slug: letters and digits, with `.`, `_` and `-` inside (tx.Slug). */
const SLUG = /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/;

/** Names kept for the kernel's own files and the system's directories (upstream's RESERVED_VFOLDERS). */
export const RESERVED_FOLDER_NAMES: ReadonlySet<string> = new Set([
  '.terminfo',
  '.jupyter',
  '.tmux.conf',
  '.ssh',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/media',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/home',
]);
/** Shell start-up files (`.bashrc`, `.bash_profile`): reserved too (upstream's RESERVED_VFOLDER_PATTERNS). */
const RESERVED_PATTERNS = [/^\.[a-z0-9]+rc$/, /^\.[a-z0-9]+_profile$/];

/**
 * A folder name as upstream accepts it (`tx.Slug(allow_dot=True)` and `verify_vfolder_name`): a
 * slug, optionally led by one dot (a dot-folder, mounted into every session of its user), at most
 * 64 characters, and not reserved. Anything else is `invalid-api-params` naming `field`.
 */
export function checkFolderName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value === '')
    throw ManagerErrors.invalidParams(`${field}: expected a folder name`, { field });
  if (value.length > MAX_FOLDER_NAME_LENGTH)
    throw ManagerErrors.invalidParams(
      `${field}: "${value}" is too long (at most ${MAX_FOLDER_NAME_LENGTH} characters)`,
      { field },
    );
  const body = value.startsWith('.') ? value.slice(1) : value;
  if (!SLUG.test(body))
    throw ManagerErrors.invalidParams(
      `${field}: "${value}" must be letters, digits, ".", "_" and "-", starting and ending with a letter or digit (one leading "." allowed)`,
      { field },
    );
  if (isReservedName(value))
    throw ManagerErrors.invalidParams(`${field}: "${value}" is reserved for internal operations`, { field });
  return value;
}

export function isReservedName(name: string): boolean {
  return RESERVED_FOLDER_NAMES.has(name) || RESERVED_PATTERNS.some((pattern) => pattern.test(name));
}

export function isDotFolder(name: string): boolean {
  return name.startsWith('.');
}
