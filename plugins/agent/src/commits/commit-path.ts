import { TesseraError } from '@tessera/core';

/** Longest file name most filesystems take, in bytes. */
const MAX_SEGMENT_BYTES = 255;

/**
 * `value` as one path segment under the commit directory (the owner's e-mail, the archive's file
 * name): a non-empty string of at most 255 bytes, without `/`, `\` or NUL, and not `.` or `..`,
 * so whatever the caller sends cannot lead the archive out of its folder. Anything else is refused
 * with `invalid-api-params` naming `field`.
 */
export function commitPathSegment(value: unknown, field: 'email' | 'filename'): string {
  const problem =
    typeof value !== 'string' || value.length === 0
      ? 'must be a non-empty string'
      : /[/\\\0]/.test(value)
        ? 'must not contain "/", "\\" or NUL'
        : value === '.' || value === '..'
          ? 'must not be "." or ".."'
          : Buffer.byteLength(value) > MAX_SEGMENT_BYTES
            ? `must be at most ${MAX_SEGMENT_BYTES} bytes long`
            : undefined;
  if (problem === undefined) return value as string;
  throw TesseraError.badRequest(
    'invalid-api-params',
    `The commit's ${field} ${problem} (it names a folder or file under the commit directory)`,
    { field, value: typeof value === 'string' ? value.slice(0, 300) : (value ?? null) },
  );
}
