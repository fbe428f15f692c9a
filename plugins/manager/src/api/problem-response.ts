import type { Context, Middleware } from 'koa';
import { TesseraError, type Logger } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';

const RESERVED_FIELDS = new Set(['type', 'title', 'status']);

/**
 * The one place where failures become HTTP responses: RFC 7807 `application/problem+json` with
 * Backend.AI's problem types (`https://api.backend.ai/probs/<slug>`), the message as `title`,
 * and the error's details as extra fields. Anything that is not a TesseraError is a bug or a
 * transport error; bugs are logged and answered as `internal-server-error` without internals.
 */
export function problemResponses(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const problem = toTesseraError(error);
      if (problem.status >= 500) {
        log.error('request failed', {
          method: ctx.method,
          path: ctx.path,
          code: problem.code,
          error: describe(error),
        });
      }
      writeProblem(ctx, problem);
    }
  };
}

export function writeProblem(ctx: Context, error: TesseraError): void {
  ctx.status = error.status;
  ctx.type = 'application/problem+json';
  ctx.body = problemBody(error);
}

/** The problem+json document of an error (also what a refused WebSocket handshake answers). */
export function problemBody(error: TesseraError): string {
  const body: Record<string, unknown> = {
    type: error.problemType,
    title: error.message,
    status: error.status,
  };
  for (const [key, value] of Object.entries(error.details)) {
    if (!RESERVED_FIELDS.has(key)) body[key] = value;
  }
  return JSON.stringify(body);
}

/** Any failure as the TesseraError it is answered with (a bug becomes `internal-server-error`). */
export function toTesseraError(error: unknown): TesseraError {
  if (error instanceof TesseraError) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Thrown by the body parser: malformed JSON (400), a body too large (413, answered 400 as
    // upstream's aiohttp does), a bad charset (415).
    const reason = error instanceof Error ? error.message : 'unreadable body';
    if (status === 413) {
      const limit = (error as { limit?: unknown }).limit;
      return ManagerErrors.bodyTooLarge(typeof limit === 'number' ? limit : undefined);
    }
    return status === 400
      ? ManagerErrors.malformedBody(reason)
      : new TesseraError('generic-bad-request', `The request body cannot be read: ${reason}`, {
          httpStatus: status,
        });
  }
  return TesseraError.internal('internal error while handling the request', error);
}

/** An error's name, message, stack and causes, for the log of a failure answered with 500. */
export function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(cause ? { cause: describe(cause) } : {}),
  };
}
