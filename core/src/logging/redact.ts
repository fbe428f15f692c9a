/** Field names whose values never reach a log line. */
const SECRET_KEY = /secret|password|passwd|token|authorization|credential|private.?key|api.?key/i;
const MAX_DEPTH = 5;

export const REDACTED = '[redacted]';

/**
 * Returns a copy of `value` with every property whose name looks like a secret replaced by
 * `[redacted]`, at any depth up to a bound. Errors keep their message and code.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    const error = value as Error & { code?: unknown; details?: unknown };
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      details: redactSecrets(error.details, depth + 1),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, depth + 1);
  }
  return out;
}
