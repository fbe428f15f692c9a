/** A byte range of a file, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range of a `Range: bytes=...` header: `a-b`, `a-`, or `-n` (the last n bytes).
 * `undefined` means serve the whole file (no header, another unit, several ranges: the server
 * may ignore those); `'unsatisfiable'` means 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * Whether `If-Range` still matches the file: an entity tag equal to ours, or an HTTP date not
 * older than the file's modification (second precision, as Last-Modified carries).
 */
export function ifRangeMatches(header: string | undefined, etag: string, mtime: Date): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return false;
  return Math.floor(mtime.getTime() / 1000) <= Math.floor(date / 1000);
}
