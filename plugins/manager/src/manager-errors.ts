import { TesseraError } from '@tessera/core';

/**
 * Every error the manager raises towards API clients, built in one place so messages stay
 * consistent. `title` in the problem+json body is the message; details become extra fields.
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
  sessionNotFound(idOrName: string): TesseraError {
    return new TesseraError('session-not-found', `No session "${idOrName}" found for this access key`, {
      session: idOrName,
    });
  },
  sessionAlreadyExists(name: string, image: string, reason: string): TesseraError {
    return new TesseraError('session-already-exists', `A session named "${name}" already exists: ${reason}`, {
      sessionName: name,
      image,
    });
  },
  imageNotFound(image: string, known: string[]): TesseraError {
    const listed = known.length ? `known images: ${known.join(', ')}` : 'no agent has reported any image yet';
    return new TesseraError('image-not-found', `Unknown image "${image}" (${listed})`, {
      image,
      knownImages: known,
    });
  },
  resourceBelowImageMinimum(
    image: string,
    slots: Record<string, { requested: string; minimum: string }>,
  ): TesseraError {
    const list = Object.entries(slots)
      .map(([slot, v]) => `${slot} ${v.requested} < ${v.minimum}`)
      .join(', ');
    return new TesseraError(
      'invalid-api-params',
      `The requested resources are below the minimum of image "${image}": ${list}`,
      {
        image,
        slots,
      },
    );
  },
  /** A keypair policy limit refuses the request (Backend.AI's QuotaExceeded, HTTP 412). */
  quotaExceeded(message: string, details: Record<string, unknown>): TesseraError {
    return new TesseraError('quota-exceeded', message, details);
  },
  kernelNotRunning(session: string, status: string): TesseraError {
    return new TesseraError('kernel-not-running', `Session "${session}" is ${status}, not RUNNING`, {
      session,
      status,
    });
  },
  agentError(agentId: string | null, operation: string, cause: unknown): TesseraError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new TesseraError(
      'agent-error',
      `The agent ${agentId ?? '(unknown)'} failed to ${operation}: ${reason}`,
      { agentId, operation },
      {},
      { cause },
    );
  },
  /** The legacy `/admin/graphql` answer to a query with errors (upstream's BackendGQLError); the list is in `data`. */
  graphqlFailed(errors: ReadonlyArray<{ message: string }>): TesseraError {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return new TesseraError('graphql-error', `GraphQL error: ${errors[0]?.message ?? 'unknown'}${more}`, {
      data: errors,
    });
  },
  busy(what: string): TesseraError {
    return new TesseraError('too-many-requests', `Another request is working on ${what}; try again`);
  },
};
