import { KERNEL_FILE_LIMITS, TesseraError, workRelativePath, type CompletionRequest } from '@tessera/core';
import type { FormFile } from './multipart-form';
import type { SessionFileWrite } from './session-files';

/**
 * The request parsing of the session-file routes. Backend.AI's clients send GET parameters in the
 * query (the JS SDK: `?files=a&files=b`) or as a JSON body on the GET (the Python SDK), so both are
 * read, the query first.
 */

/** The uploaded files as writes under /home/work; a path leaving it is refused naming the file. */
export function uploadWrites(files: FormFile[]): SessionFileWrite[] {
  return files.map((file) => {
    const path = workRelativePath(file.filename);
    if (path === null || path === '')
      throw invalid(
        `The file name "${file.filename}" is not a path under /home/work (relative, or absolute under /home/work)`,
        { field: file.field, filename: file.filename },
      );
    return { path, content: file.content };
  });
}

/** `path` of GET /files: `/home/work` (or `.`) when absent. */
export function listPath(query: Record<string, unknown>, body: unknown): string {
  const value = query['path'] ?? bodyField(body, 'path') ?? '.';
  if (typeof value !== 'string') throw invalid('The parameter "path" must be a string', { field: 'path' });
  if (workRelativePath(value) === null)
    throw invalid(`The path "${value}" is not under /home/work`, { field: 'path', path: value });
  return value;
}

/** `files` of GET /download: 1 to 5 paths under /home/work. */
export function downloadPaths(query: Record<string, unknown>, body: unknown): string[] {
  const raw = query['files'] ?? bodyField(body, 'files');
  const paths = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((path) => typeof path !== 'string'))
    throw invalid('The parameter "files" must list the paths to download', { field: 'files' });
  if (paths.length > KERNEL_FILE_LIMITS.maxDownloadPaths)
    throw invalid(`Too many files: a download names at most ${KERNEL_FILE_LIMITS.maxDownloadPaths} paths`, {
      field: 'files',
      count: paths.length,
      max: KERNEL_FILE_LIMITS.maxDownloadPaths,
    });
  for (const path of paths as string[]) {
    if (workRelativePath(path) === null)
      throw invalid(`The path "${path}" is not under /home/work`, { field: 'files', path });
  }
  return paths as string[];
}

/** `file` of GET /download_single: one path of a file under /home/work. */
export function singleDownloadPath(query: Record<string, unknown>, body: unknown): string {
  const value = query['file'] ?? bodyField(body, 'file');
  if (typeof value !== 'string' || value === '')
    throw invalid('The parameter "file" must name the file to download', { field: 'file' });
  const relative = workRelativePath(value);
  if (relative === null || relative === '')
    throw invalid(`The path "${value}" is not a file under /home/work`, { field: 'file', path: value });
  return value;
}

/** The body of POST /complete: `code` (text up to the cursor) and optional `options`. */
export function completionRequest(body: unknown): CompletionRequest {
  const object = (body ?? {}) as Record<string, unknown>;
  if (typeof object !== 'object' || Array.isArray(object))
    throw invalid('The body must be a JSON object with "code"', { field: 'body' });
  const code = object['code'] ?? '';
  if (typeof code !== 'string') throw invalid('The field "code" must be a string', { field: 'code' });
  const options = object['options'] ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw invalid('The field "options" must be an object', { field: 'options' });
  return { code, options: options as Record<string, unknown> };
}

function bodyField(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

function invalid(message: string, details: Record<string, unknown>): TesseraError {
  return TesseraError.badRequest('invalid-api-params', message, details);
}
