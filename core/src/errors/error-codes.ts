import { TesseraError, type ErrorContext } from './tessera-error';

/** What an error code means on the wire: its HTTP status and Backend.AI's problem type slug. */
export interface ErrorCodeSpec {
  readonly status: number;
  readonly problem: string;
}

/**
 * A plugin's own error codes, as one table the plugin owns (Fastify's one-file error table, per
 * plugin). The plugin lists it in its definition (`errorCodes: [SessionErrors]`) so the kernel
 * refuses a deployment where two plugins, or a plugin and the core, claim the same code; errors
 * built with `error()` carry their status and problem type, and the manager's problem+json and
 * GraphQL mapping (one place) reads them from the error.
 */
export class ErrorCodes<Code extends string = string> {
  constructor(
    /** Who owns the table: a package name, for reports of a clash. */
    readonly owner: string,
    private readonly table: Readonly<Record<Code, ErrorCodeSpec>>,
  ) {}

  codes(): Code[] {
    return Object.keys(this.table) as Code[];
  }

  spec(code: Code): ErrorCodeSpec {
    return this.table[code];
  }

  error(
    code: Code,
    message: string,
    details: Record<string, unknown> = {},
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ): TesseraError {
    return TesseraError.withSpec(code, this.table[code], message, details, context, options);
  }
}

export function defineErrorCodes<Code extends string>(
  owner: string,
  table: Record<Code, ErrorCodeSpec>,
): ErrorCodes<Code> {
  for (const code of Object.keys(table)) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code))
      throw new Error(`${owner}: error code "${code}" must be kebab-case`);
  }
  return new ErrorCodes(owner, Object.freeze({ ...table }));
}
