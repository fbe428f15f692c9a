import type { ServerResponse } from 'node:http';
import { TesseraError } from '@tessera/core';
import { ProxyErrors } from './proxy-errors';

const RESERVED = new Set(['type', 'title', 'status']);

/** Any failure as the error the proxy answers with (a bug becomes internal-server-error). */
export function toProblem(error: unknown): TesseraError {
  if (error instanceof TesseraError) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // The body parser's refusals (malformed JSON, body too large).
    return ProxyErrors.malformedBody(error instanceof Error ? error.message : 'unreadable body');
  }
  return ProxyErrors.internal('internal error while handling the request', error);
}

/** The RFC 7807 document of an error: type, title, status and the error's details. */
export function problemBody(error: TesseraError): string {
  const body: Record<string, unknown> = {
    type: error.problemType,
    title: error.message,
    status: error.status,
  };
  for (const [key, value] of Object.entries(error.details)) if (!RESERVED.has(key)) body[key] = value;
  return JSON.stringify(body);
}

/** Writes a problem+json answer on a plain Node response (the client API). */
export function sendProblem(
  res: ServerResponse,
  error: TesseraError,
  headers: Record<string, string> = {},
): void {
  const body = problemBody(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.status, {
    ...headers,
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
