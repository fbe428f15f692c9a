import { ERROR_CODES, PROBLEM_TYPE_PREFIX, type ErrorCode } from './codes';

export interface ErrorContext {
  /** The plugin the error crossed out of, when it crossed a plugin boundary. */
  pluginId?: string;
  /** The lifecycle phase or operation (`init`, `start`, `createKernel`, ...). */
  phase?: string;
}

/**
 * The one error class of Tessera. It carries a stable code (see codes.ts), a human message that
 * names the field, path or value involved, structured details, and the cause. Build one through
 * a static factory so messages are made in one place.
 */
export class TesseraError extends Error {
  override readonly name = 'TesseraError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get problemType(): string {
    return PROBLEM_TYPE_PREFIX + ERROR_CODES[this.code].problem;
  }

  static badRequest(code: ErrorCode, message: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError(code, message, details);
  }

  static notFound(code: ErrorCode, message: string, details: Record<string, unknown> = {}): TesseraError {
    return new TesseraError(code, message, details);
  }

  static internal(message: string, cause?: unknown): TesseraError {
    return new TesseraError('internal-error', message, {}, {}, { cause });
  }

  /** Wraps anything thrown by a plugin so the report names the plugin and the phase. */
  static fromPlugin(pluginId: string, phase: string, cause: unknown): TesseraError {
    if (cause instanceof TesseraError && cause.context.pluginId) return cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code: ErrorCode = cause instanceof TesseraError ? cause.code : 'plugin-failed';
    const details = cause instanceof TesseraError ? cause.details : {};
    return new TesseraError(
      code,
      `plugin ${pluginId} failed in ${phase}: ${reason}`,
      details,
      { pluginId, phase },
      {
        cause,
      },
    );
  }
}

/** A failure report with several errors (a start-up that failed for more than one reason). */
export class AggregateStartError extends TesseraError {
  constructor(
    readonly errors: TesseraError[],
    headline = 'the deployment could not start',
    code: ErrorCode = 'start-failed',
  ) {
    super(code, `${headline}:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`, {
      count: errors.length,
    });
  }
}
