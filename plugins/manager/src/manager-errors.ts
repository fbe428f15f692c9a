import { TesseraError } from '@tessera/core';

/**
 * The errors of the API itself (authentication, routing, request parameters, GraphQL), built in
 * one place so messages stay consistent. Feature plugins throw these for malformed requests and
 * their own tables' errors for their domain (`@tessera/manager-sessions`' SessionErrors). `title` in
 * the problem+json body is the message; details become extra fields.
 */
export const ManagerErrors = {
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
  busy(what: string): TesseraError {
    return new TesseraError('too-many-requests', `Another request is working on ${what}; try again`);
  },
};
