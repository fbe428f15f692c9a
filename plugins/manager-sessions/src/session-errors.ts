import { defineErrorCodes, TesseraError } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/**
 * The error codes only the sessions feature raises, with Backend.AI's HTTP status and problem
 * type each (unchanged from when they were the core's). Codes other packages raise too
 * (`session-not-found`, `image-not-found`, `kernel-not-running`, ...) stay in the core's table.
 */
export const SessionErrorCodes = defineErrorCodes('@tessera/manager-sessions', {
  'session-already-exists': { status: 400, problem: 'session-already-exists' },
  'quota-exceeded': { status: 412, problem: 'quota-exceeded' },
  'resource-limit-exceeded': { status: 406, problem: 'resource-limit-exceeded' },
  'agent-error': { status: 502, problem: 'agent-error' },
  'kernel-execution-failed': { status: 500, problem: 'kernel-execution-failed' },
  /** The kernel runner could not start an app service (upstream's InternalServerError, 500). */
  'service-start-failed': { status: 500, problem: 'internal-server-error' },
});

/**
 * Every error the sessions feature raises towards API clients, built in one place so messages
 * stay consistent. Malformed requests are the manager's `ManagerErrors`.
 */
export const SessionErrors = {
  serverFrozen(): TesseraError {
    return ManagerErrors.serverFrozen('no session can be created');
  },
  sessionNotFound(idOrName: string): TesseraError {
    return new TesseraError('session-not-found', `No session "${idOrName}" found for this access key`, {
      session: idOrName,
    });
  },
  sessionAlreadyExists(name: string, image: string, reason: string): TesseraError {
    return SessionErrorCodes.error(
      'session-already-exists',
      `A session named "${name}" already exists: ${reason}`,
      { sessionName: name, image },
    );
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
      { image, slots },
    );
  },
  /** A keypair policy limit refuses the request (Backend.AI's QuotaExceeded, HTTP 412). */
  quotaExceeded(message: string, details: Record<string, unknown>): TesseraError {
    return SessionErrorCodes.error('quota-exceeded', message, details);
  },
  kernelNotRunning(session: string, status: string): TesseraError {
    return new TesseraError('kernel-not-running', `Session "${session}" is ${status}, not RUNNING`, {
      session,
      status,
    });
  },
  /** The main kernel declares no service port by that name (upstream's AppNotFound, 404). */
  appNotFound(session: string, service: string, known: string[]): TesseraError {
    const listed = known.length ? `its services: ${known.join(', ')}` : 'it declares no services';
    return new TesseraError(
      'object-not-found',
      `No such app service "${service}" in session "${session}" (${listed})`,
      { session, service, knownServices: known },
    );
  },
  /** `kernel_id` names no kernel of the session (upstream's KernelNotFound, 404). */
  kernelNotInSession(session: string, kernelId: string): TesseraError {
    return new TesseraError('object-not-found', `Session "${session}" has no kernel ${kernelId}`, {
      session,
      kernelId,
    });
  },
  /**
   * The runner answered `failed` (upstream: InternalServerError "Failed to launch the app service",
   * the runner's reason in `data`).
   */
  serviceStartFailed(session: string, service: string, reason: string): TesseraError {
    return SessionErrorCodes.error(
      'service-start-failed',
      `Failed to launch the app service "${service}" in session "${session}": ${reason}`,
      { session, service, data: reason },
    );
  },
  /** Logs come from the kernel's agent while it holds the kernel; nothing is kept after. */
  logsUnavailable(session: string, kernelId: string, status: string): TesseraError {
    return new TesseraError(
      'kernel-not-running',
      `The kernel ${kernelId} of session "${session}" is ${status}: its logs are read from its agent while ` +
        'the kernel runs and are not kept after it ends',
      { session, kernelId, status },
    );
  },
  agentError(agentId: string | null, operation: string, cause: unknown): TesseraError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return SessionErrorCodes.error(
      'agent-error',
      `The agent ${agentId ?? '(unknown)'} failed to ${operation}: ${reason}`,
      { agentId, operation },
      {},
      { cause },
    );
  },
};
