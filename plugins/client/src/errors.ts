/** The base of every error the SDK throws (Backend.AI's `BackendError`). */
export class BackendError extends Error {
  override readonly name: string = 'BackendError';
}

/**
 * The manager answered with an error (RFC 7807 problem details). `type` is the problem type URI
 * (`https://api.backend.ai/probs/auth-failed`), `title` its human summary, `data` the whole body.
 */
export class BackendAPIError extends BackendError {
  override readonly name = 'BackendAPIError';

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(describeProblem(status, title, data));
  }

  /** The last segment of the problem type: `auth-failed`, `object-not-found`, ... */
  get problemSlug(): string {
    const segments = this.type.split('/');
    return segments[segments.length - 1] ?? this.type;
  }
}

/**
 * Why the client itself failed, before or instead of an answer from the manager. The connection
 * reasons except `connection-lost` and `read-timeout` mean the request never reached a manager.
 */
export type ClientFailureReason =
  | 'config-missing'
  | 'config-invalid'
  | 'connection-refused'
  | 'connect-timeout'
  | 'host-not-found'
  | 'connection-failed'
  | 'connection-lost'
  | 'read-timeout'
  | 'bad-response'
  | 'input-unavailable'
  | 'aborted'
  | 'unsupported';

/** A failure on the client side: configuration, connection, or a response it cannot read. */
export class BackendClientError extends BackendError {
  override readonly name = 'BackendClientError';

  constructor(
    readonly reason: ClientFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function describeProblem(status: number, title: string, data: Record<string, unknown>): string {
  const detail = firstText(data.detail, data.msg);
  const summary = detail && detail !== title ? `${title}: ${detail}` : title;
  return `${summary} (HTTP ${status})`;
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}
