import { posix } from 'node:path';
import { BackendClientError } from './errors';

/**
 * The parts of a `multipart/mixed` answer (`GET /session/:id/download`: one tar archive per
 * requested path), as bytes, in order.
 */
export function splitMultipartMixed(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary || !/^multipart\//i.test(contentType)) {
    throw new BackendClientError('bad-response', `expected a multipart answer, got "${contentType}"`);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    start = body.indexOf('\r\n', start) + 2;
    const headerEnd = body.indexOf('\r\n\r\n', start - 2);
    if (start < 2 || headerEnd < 0)
      throw new BackendClientError('bad-response', 'a multipart part has no headers');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new BackendClientError('bad-response', 'the multipart answer is cut short');
    parts.push(body.subarray(headerEnd + 4, next));
    at = next + 2;
  }
  return parts;
}

/** One entry of a tar archive. */
export interface TarEntry {
  /** The path inside the archive, `/`-separated, never absolute and never with `..`. */
  path: string;
  type: 'file' | 'directory' | 'other';
  mode: number;
  content: Buffer;
}

/**
 * Reads the entries of a ustar archive (with pax `path` records and GNU long names), as the agent
 * writes them for downloads. Paths that would leave the extraction folder are refused.
 */
export function readTarEntries(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const typeFlag = String.fromCharCode(header[156] ?? 0x30);
    const content = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (typeFlag === 'x' || typeFlag === 'L') {
      longName = typeFlag === 'L' ? cString(content) : paxPath(content);
      continue;
    }
    if (typeFlag === 'g') continue;
    const prefix = cString(header.subarray(345, 500));
    const name =
      longName ??
      (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    longName = undefined;
    entries.push({
      path: safePath(name),
      type: typeFlag === '0' || typeFlag === '\0' ? 'file' : typeFlag === '5' ? 'directory' : 'other',
      mode: parseOctal(header.subarray(100, 108)),
      content: Buffer.from(content),
    });
  }
  return entries;
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function paxPath(records: Buffer): string | undefined {
  for (const line of records.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

function safePath(name: string): string {
  const normal = posix.normalize(name.replace(/^\/+/, '').replace(/^\.\//, '')).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../') || normal === '') {
    throw new BackendClientError(
      'bad-response',
      `the archive holds a path outside the download folder: "${name}"`,
    );
  }
  return normal === '.' ? '' : normal;
}
