import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ManagerErrors } from '../manager-errors';

const ajv = new Ajv({ allErrors: false, useDefaults: true, coerceTypes: false, strict: false });

/**
 * Compiles a request-body JSON Schema once; the returned function checks a body and throws
 * `invalid-api-params` naming the offending field. Extra fields are kept (clients send more
 * than the manager uses).
 */
export function bodyValidator<T>(schema: Record<string, unknown>): (body: unknown) => T {
  const validate: ValidateFunction = ajv.compile(schema);
  return (body: unknown): T => {
    const value = body ?? {};
    if (!validate(value))
      throw ManagerErrors.invalidParams(describe(validate.errors?.[0]), { errors: validate.errors ?? [] });
    return value as T;
  };
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'Invalid request parameters';
  const field = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the request body';
  if (error.keyword === 'required') return `Missing parameter "${String(error.params['missingProperty'])}"`;
  return `Invalid parameter ${field}: ${error.message ?? 'invalid value'}`;
}
