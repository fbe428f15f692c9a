import type { ErrorObject } from 'ajv';

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export interface DescribedError {
  /** JSON pointer of the offending value (for `required` and `additionalProperties`, the property itself). */
  pointer: string;
  /** "expected ..., found ..." */
  message: string;
}

/** Turns one ajv error into a sentence that says what was expected and what was found. */
export function describeSchemaError(error: ErrorObject, data: unknown): DescribedError {
  const found = valueAt(data, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${error.instancePath}/${String(params.missingProperty)}`,
        message: `missing required property "${String(params.missingProperty)}"`,
      };
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return {
        pointer: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: `unknown property "${String(params.additionalProperty)}"${allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'type':
      return {
        pointer: error.instancePath,
        message: `expected ${String(params.type)}, found ${show(found)}`,
      };
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `expected one of ${(params.allowedValues as unknown[]).map(show).join(', ')}; found ${show(found)}`,
      };
    case 'const':
      return {
        pointer: error.instancePath,
        message: `expected ${show(params.allowedValue)}, found ${show(found)}`,
      };
    case 'pattern':
      return {
        pointer: error.instancePath,
        message: `expected a value matching ${String(params.pattern)}, found ${show(found)}`,
      };
    default:
      return {
        pointer: error.instancePath,
        message: `${error.message ?? 'is invalid'}; found ${show(found)}`,
      };
  }
}
