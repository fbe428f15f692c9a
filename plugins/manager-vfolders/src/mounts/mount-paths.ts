import { posix } from 'node:path';
import { ManagerErrors } from '@tessera/manager';

/** Where vfolders land in a kernel unless aliased. */
export const KERNEL_WORK_DIR = '/home/work';

/** Directories of the kernel's own system: a mount on them, or inside them, would break the image. */
const SYSTEM_DIRS = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/opt/kernel',
  '/opt/backend.ai',
];
/** Exact paths refused (their subdirectories are fine): the root, the work dir itself, the usual mount points. */
const EXACT_REFUSED = new Set(['/', '/home', KERNEL_WORK_DIR, '/tmp', '/mnt', '/media', '/opt', '/srv']);

/**
 * The path in the kernel for a folder mounted as `alias` (`mount_map`): a relative alias lands
 * under /home/work, an absolute one is used as given; `..` escaping /home/work, NUL, system
 * directories and the work dir itself are refused with `invalid-api-params` naming the folder.
 */
export function kernelPathOf(folderName: string, alias: string | undefined): string {
  const asked = alias ?? folderName;
  const refuse = (why: string) =>
    ManagerErrors.invalidParams(`mount_map.${folderName}: cannot mount at "${asked}": ${why}`, {
      field: `mount_map.${folderName}`,
    });
  if (asked.trim() === '' || asked.includes('\0')) throw refuse('expected a path');
  const path = asked.startsWith('/')
    ? posix.normalize(asked).replace(/\/+$/, '') || '/'
    : posix.normalize(posix.join(KERNEL_WORK_DIR, asked)).replace(/\/+$/, '');
  if (!asked.startsWith('/') && !path.startsWith(`${KERNEL_WORK_DIR}/`))
    throw refuse('a relative path must stay inside /home/work');
  if (EXACT_REFUSED.has(path)) throw refuse('it is a system directory');
  if (SYSTEM_DIRS.some((dir) => path === dir || path.startsWith(`${dir}/`)))
    throw refuse('it is inside a system directory');
  return path;
}
