import type { Readable } from 'node:stream';
import { KERNEL_FILE_LIMITS, TesseraError } from '@tessera/core';

/** One file of a multipart/form-data upload: the form field, the file name (its path), the bytes. */
export interface FormFile {
  field: string;
  filename: string;
  content: Buffer;
}

/** Room for part headers and boundaries beside the files' bytes. */
const OVERHEAD_PER_PART = 16 * 1024;
/** The largest upload body read: every allowed file at its largest, with headers. */
export const MAX_UPLOAD_BODY_BYTES =
  (KERNEL_FILE_LIMITS.maxUploadFiles + 1) * (KERNEL_FILE_LIMITS.maxFileBytes + OVERHEAD_PER_PART);

/**
 * Reads a multipart/form-data body (RFC 7578) into its file parts, within the session-file limits
 * (api-spec §3.3): at most 20 files of at most 1 MiB. No installed library parses multipart (no
 * busboy, formidable or multer in the tree), and uploads here are small and bounded, so the body is
 * read whole (stopping at MAX_UPLOAD_BODY_BYTES) and split in memory.
 */
export async function readFormFiles(contentType: string | undefined, body: Readable): Promise<FormFile[]> {
  const boundary = boundaryOf(contentType);
  return parseFormFiles(await readBounded(body, MAX_UPLOAD_BODY_BYTES), boundary);
}

/** The boundary of a `multipart/form-data; boundary=...` content type, or a 400 saying what is expected. */
export function boundaryOf(contentType: string | undefined): string {
  const match = /^\s*multipart\/form-data\s*;(.*)$/i.exec(contentType ?? '');
  const boundary = match ? /(?:^|;)\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(match[1]) : null;
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value || value.length > 200)
    throw invalid('The upload must be a multipart/form-data body with a boundary (Content-Type)', {
      field: 'Content-Type',
      received: contentType ?? null,
    });
  return value;
}

/** Splits a whole multipart/form-data body into its parts, each of which must carry a file name. */
export function parseFormFiles(body: Buffer, boundary: string): FormFile[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const files: FormFile[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw malformed('no part starts with the boundary');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString('latin1') === '--') break; // the closing delimiter
    position = skipLineEnd(body, position);
    const headersEnd = body.indexOf('\r\n\r\n', position);
    if (headersEnd < 0) throw malformed('a part has no end of headers');
    const headers = parseHeaders(body.subarray(position, headersEnd).toString('utf8'));
    const contentStart = headersEnd + 4;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), contentStart);
    if (next < 0) throw malformed('a part is not closed by the boundary');
    const disposition = parseDisposition(headers['content-disposition']);
    const field = disposition.name ?? '';
    if (files.length === KERNEL_FILE_LIMITS.maxUploadFiles)
      throw invalid(`Too many files: an upload carries at most ${KERNEL_FILE_LIMITS.maxUploadFiles}`, {
        field: field || 'files',
        max: KERNEL_FILE_LIMITS.maxUploadFiles,
      });
    if (!disposition.filename)
      throw invalid(`The form field "${field}" is not a file (its part has no filename)`, { field });
    const size = next - contentStart;
    if (size > KERNEL_FILE_LIMITS.maxFileBytes)
      throw invalid(
        `Too large file: "${disposition.filename}" has ${size} bytes, at most ${KERNEL_FILE_LIMITS.maxFileBytes} are allowed`,
        { field, filename: disposition.filename, size, max: KERNEL_FILE_LIMITS.maxFileBytes },
      );
    files.push({
      field,
      filename: disposition.filename,
      content: Buffer.from(body.subarray(contentStart, next)),
    });
    position = next + 2;
  }
  if (files.length === 0) throw invalid('The upload carries no file', { field: 'files' });
  return files;
}

async function readBounded(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw invalid(
        `Too large upload: at most ${KERNEL_FILE_LIMITS.maxUploadFiles} files of ${KERNEL_FILE_LIMITS.maxFileBytes} bytes each`,
        { field: 'files', maxBytes },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function skipLineEnd(body: Buffer, position: number): number {
  // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
  let at = position;
  while (body[at] === 0x20 || body[at] === 0x09) at += 1;
  if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw malformed('a boundary is not followed by a line end');
  return at + 2;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `form-data; name="src"; filename="a/b.txt"` (and RFC 5987's `filename*=UTF-8''...`, which wins). */
function parseDisposition(value: string | undefined): { name?: string; filename?: string } {
  const result: { name?: string; filename?: string; extended?: string } = {};
  for (const match of (value ?? '').matchAll(/;\s*([A-Za-z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = match[1].toLowerCase();
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
    if (key === 'name') result.name = raw;
    else if (key === 'filename') result.filename = raw;
    else if (key === 'filename*') result.extended = decodeExtended(raw);
  }
  return { name: result.name, filename: result.extended ?? result.filename };
}

function decodeExtended(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) return undefined;
  try {
    return match[1].toLowerCase() === 'utf-8' ? decodeURIComponent(match[2]) : unescape(match[2]);
  } catch {
    return undefined;
  }
}

function malformed(reason: string): TesseraError {
  return invalid(`The multipart/form-data body is malformed: ${reason}`, { field: 'body' });
}

function invalid(message: string, details: Record<string, unknown>): TesseraError {
  return TesseraError.badRequest('invalid-api-params', message, details);
}
