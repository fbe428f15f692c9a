import { TesseraError } from '@tessera/core';
import { ManagerErrorCodes } from './manager-error-codes';

/**
 * The errors of the API itself (authentication, routing, request parameters, GraphQL), built in
 * one place so messages stay consistent. Feature plugins throw these for malformed requests and
 * their own tables' errors for their domain (`@tessera/manager-sessions`' SessionErrors). `title` in
 * the problem+json body is the message; details become extra fields.
 */
export const ManagerErrors = {
  /** The manager status is `frozen`: `what` says what cannot be done now. */
  serverFrozen(what: string): TesseraError {
    return ManagerErrorCodes.error(
      'server-frozen',
      `The server is frozen for maintenance: ${what} now; try again later`,
      {},
    );
  },
  authorizationMissing(): TesseraError {
    return new TesseraError('auth-failed', 'Authorization header is missing');
  },
  authFailed(reason: string): TesseraError {
    return new TesseraError('auth-failed', `Authentication failed: ${reason}`);
  },
  invalidAuthParams(reason: string): TesseraError {
    return new TesseraError('invalid-auth-params', `Invalid authentication parameters: ${reason}`);
  },
  unsupportedVersion(version: string): TesseraError {
    return new TesseraError('unsupported-api-version', `Unsupported API version "${version}"`, { version });
  },
  urlNotFound(method: string, path: string): TesseraError {
    return new TesseraError('url-not-found', `No API endpoint at ${method} ${path}`, { method, path });
  },
  invalidParams(message: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError('invalid-api-params', message, details);
  },
  malformedBody(reason: string): TesseraError {
    return new TesseraError('invalid-api-params', `The request body is not valid JSON: ${reason}`);
  },
  forbidden(message: string): TesseraError {
    return new TesseraError('forbidden', message);
  },
  /** The legacy `/admin/graphql` answer to a query with errors (upstream's BackendGQLError); the list is in `data`. */
  graphqlFailed(errors: ReadonlyArray<{ message: string }>): TesseraError {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return new TesseraError('graphql-error', `GraphQL error: ${errors[0]?.message ?? 'unknown'}${more}`, {
      data: errors,
    });
  },
  /** A plain HTTP request on a WebSocket endpoint (`/stream/...`). */
  webSocketRequired(path: string): TesseraError {
    return new TesseraError(
      'generic-bad-request',
      `${path} is a WebSocket endpoint: open it with a GET request carrying Upgrade: websocket`,
      { path },
    );
  },
  /** More requests in the rolling window than the keypair's `rate_limit` (upstream's RateLimitExceeded). */
  rateLimitExceeded(limit: number, windowSeconds: number): TesseraError {
    return ManagerErrorCodes.error(
      'rate-limit-exceeded',
      `You have reached your API query rate limit: at most ${limit} requests in ${windowSeconds} seconds`,
      { limit, window: windowSeconds },
    );
  },
  /** A request body larger than `api.maxJsonBodySize` (upstream answers it as a generic bad request). */
  bodyTooLarge(limitBytes: number | undefined): TesseraError {
    const limit = limitBytes === undefined ? '' : ` of ${limitBytes} bytes`;
    return new TesseraError('generic-bad-request', `The request body is larger than the limit${limit}`, {
      ...(limitBytes === undefined ? {} : { limit: limitBytes }),
    });
  },
  busy(what: string): TesseraError {
    return new TesseraError('too-many-requests', `Another request is working on ${what}; try again`);
  },
};
