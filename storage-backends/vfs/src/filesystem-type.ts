import { statfs } from 'node:fs/promises';

/** statfs magic numbers of the filesystems an operator is likely to point a volume at. */
const NAMES = new Map<number, string>([
  [0x9123683e, 'btrfs'],
  [0x58465342, 'xfs'],
  [0xef53, 'ext2/ext3/ext4'],
  [0x01021994, 'tmpfs'],
  [0x794c7630, 'overlayfs'],
  [0x6969, 'nfs'],
  [0xff534d42, 'cifs'],
  [0x65735546, 'fuse'],
  [0x2fc12fc1, 'zfs'],
]);

/** The name of the filesystem type holding `path` (`stat -f -c %T`), or its magic number in hex. */
export async function filesystemType(path: string): Promise<string> {
  const { type } = await statfs(path);
  return NAMES.get(type) ?? `0x${type.toString(16)}`;
}
