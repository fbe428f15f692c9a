import { STATUS_CODES } from 'node:http';
import { BackendAPIError } from './errors';

/**
 * Builds the BackendAPIError for an error answer. Managers send RFC 7807 problem details
 * (`type`, `title`, extras); anything else (a proxy's HTML page) still becomes an error with the
 * HTTP status and a short excerpt.
 */
export function problemFromResponse(status: number, data: unknown, rawBody: Buffer): BackendAPIError {
  if (isRecord(data)) {
    const type = typeof data.type === 'string' ? data.type : 'about:blank';
    const title = typeof data.title === 'string' && data.title !== '' ? data.title : statusTitle(status);
    return new BackendAPIError(status, type, title, data);
  }
  const excerpt = rawBody.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
  return new BackendAPIError(status, 'about:blank', statusTitle(status), excerpt ? { detail: excerpt } : {});
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? `HTTP error ${status}`;
}
