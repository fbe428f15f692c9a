import { readFile } from 'node:fs/promises';

/** A mounted filesystem, from /proc/self/mountinfo. */
export interface MountEntry {
  mountPoint: string;
  filesystem: string;
  source: string;
  /** The filesystem's own options (`prjquota`, ...), not the per-mount ones. */
  superOptions: string[];
}

/** Reads /proc/self/mountinfo lines (`... <mount point> <options> [tags] - <fs> <source> <super options>`). */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-');
    if (separator < 6 || fields.length < separator + 4) continue;
    entries.push({
      mountPoint: unescapeOctal(fields[4]!),
      filesystem: fields[separator + 1]!,
      source: unescapeOctal(fields[separator + 2]!),
      superOptions: fields[separator + 3]!.split(','),
    });
  }
  return entries;
}

/** The mount holding `path` (a real path): the last mounted of those with the longest matching mount point. */
export function mountOf(entries: MountEntry[], path: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const entry of entries) {
    const point = entry.mountPoint;
    const holds =
      point === '/' || path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (holds && (!best || point.length >= best.mountPoint.length)) best = entry;
  }
  return best;
}

export async function readMountTable(): Promise<MountEntry[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}

/** Mount points with spaces and such are written as octal escapes (`\040`). */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, code: string) => String.fromCharCode(parseInt(code, 8)));
}
