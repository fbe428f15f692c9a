import { constants } from 'node:fs';

/** The set-user-id, set-group-id and sticky bits (POSIX values; node:fs does not name them). */
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

const TYPE_LETTERS: Array<[number, string]> = [
  [constants.S_IFLNK, 'l'],
  [constants.S_IFSOCK, 's'],
  [constants.S_IFREG, '-'],
  [constants.S_IFBLK, 'b'],
  [constants.S_IFDIR, 'd'],
  [constants.S_IFCHR, 'c'],
  [constants.S_IFIFO, 'p'],
];

/** A mode as `ls -l` and Python's `stat.filemode` print it (`drwxr-xr-x`), as Backend.AI's list_files answers. */
export function fileMode(mode: number): string {
  const type = TYPE_LETTERS.find(([bits]) => (mode & constants.S_IFMT) === bits)?.[1] ?? '?';
  const triplet = (shift: number, special: number, specialLetter: string): string => {
    const bits = (mode >> shift) & 7;
    const execute = bits & 1;
    const x = mode & special ? (execute ? specialLetter : specialLetter.toUpperCase()) : execute ? 'x' : '-';
    return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${x}`;
  };
  return type + triplet(6, S_ISUID, 's') + triplet(3, S_ISGID, 's') + triplet(0, S_ISVTX, 't');
}
