import { ERROR_CODES, PROBLEM_TYPE_PREFIX, type ErrorCode } from './codes';

interface WireSpec {
  readonly status: number;
  readonly problem: string;
}

export interface ErrorContext {
  /** The plugin the error crossed out of, when it crossed a plugin boundary. */
  pluginId?: string;
  /** The lifecycle phase or operation (`init`, `start`, `createKernel`, ...). */
  phase?: string;
}

/**
 * The one error class of Tessera. It carries a stable code, a human message that names the field,
 * path or value involved, structured details, and the cause. The core's codes are in codes.ts; a
 * plugin's own codes are in its table (`defineErrorCodes`), whose `error()` builds these. Build one
 * through a static factory so messages are made in one place.
 */
export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  readonly code: string;
  private readonly wire: WireSpec;

  constructor(
    code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.wire = ERROR_CODES[code] ?? ERROR_CODES['internal-error'];
  }

  /** An error with a plugin-owned code; use the plugin's `ErrorCodes.error()` instead. */
  static withSpec(
    code: string,
    spec: WireSpec,
    message: string,
    details: Record<string, unknown> = {},
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ): TesseraError {
    const error = new TesseraError('internal-error', message, details, context, options);
    Object.assign(error, { code, wire: spec });
    return error;
  }

  get status(): number {
    return this.wire.status;
  }

  get problemType(): string {
    return PROBLEM_TYPE_PREFIX + this.wire.problem;
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
    const message = `plugin ${pluginId} failed in ${phase}: ${reason}`;
    if (cause instanceof TesseraError) {
      return TesseraError.withSpec(
        cause.code,
        cause.wire,
        message,
        cause.details,
        { pluginId, phase },
        { cause },
      );
    }
    return new TesseraError('plugin-failed', message, {}, { pluginId, phase }, { cause });
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
