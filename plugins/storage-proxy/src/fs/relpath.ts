import { ProxyErrors } from '../proxy-errors';

/** The proxy's staging directory at a folder's root (`<folder>/.upload/<session>`), as upstream. */
export const UPLOAD_DIR = '.upload';

const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4096;

export interface RelpathOptions {
  /** Whether the folder itself (`.`, ``) is acceptable. */
  allowRoot?: boolean;
}

/**
 * The segments of a path relative to a folder, as a request gave it. The value arrives decoded
 * (JSON body or JWT claim) and is never decoded again: `%2F` is three characters of a name.
 * Refused: anything but a string, NUL, absolute paths, any `..` segment (even one that would stay
 * inside), names over 255 bytes, and the proxy's own `.upload` staging directory. Empty and `.`
 * segments are dropped (`a//./b` is `a/b`); they cannot escape.
 */
export function parseRelpath(field: string, value: unknown, options: RelpathOptions = {}): string[] {
  if (typeof value !== 'string') {
    throw ProxyErrors.invalidParam(field, 'a path relative to the folder (a string)');
  }
  if (value.includes('\0')) throw ProxyErrors.invalidPath(field, 'it contains a NUL character');
  if (value.startsWith('/')) {
    throw ProxyErrors.invalidPath(field, 'absolute paths are refused; give a path relative to the folder');
  }
  if (Buffer.byteLength(value) > MAX_PATH_BYTES) {
    throw ProxyErrors.invalidPath(field, `it is longer than ${MAX_PATH_BYTES} bytes`);
  }
  const segments: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw ProxyErrors.invalidPath(field, '".." segments are refused');
    if (Buffer.byteLength(part) > MAX_NAME_BYTES) {
      throw ProxyErrors.invalidPath(field, `a name is longer than ${MAX_NAME_BYTES} bytes`);
    }
    segments.push(part);
  }
  if (segments.length === 0 && !options.allowRoot) {
    throw ProxyErrors.invalidPath(field, 'it names the folder itself; give a file or directory inside it');
  }
  if (segments[0] === UPLOAD_DIR) {
    throw ProxyErrors.invalidPath(field, `${UPLOAD_DIR} is the storage proxy's staging directory`);
  }
  return segments;
}

/** A single new name (rename's `new_name`): no separator, not `.` or `..`, no NUL. */
export function parseName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw ProxyErrors.invalidParam(field, 'a non-empty file name');
  }
  if (value.includes('\0')) throw ProxyErrors.invalidPath(field, 'it contains a NUL character');
  if (value.includes('/')) throw ProxyErrors.invalidPath(field, 'a name cannot contain "/"');
  if (value === '.' || value === '..') throw ProxyErrors.invalidPath(field, `"${value}" is not a file name`);
  if (Buffer.byteLength(value) > MAX_NAME_BYTES) {
    throw ProxyErrors.invalidPath(field, `the name is longer than ${MAX_NAME_BYTES} bytes`);
  }
  return value;
}

/** The normalised text of segments (`.` for the folder itself). */
export function joinRelpath(segments: readonly string[]): string {
  return segments.length === 0 ? '.' : segments.join('/');
}
