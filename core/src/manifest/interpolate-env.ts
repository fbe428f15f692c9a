import { parse as parseYamlScalar } from 'yaml';
import { TesseraError } from '../errors/tessera-error';

const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed manifest with the
 * environment's values (for secrets that must not live in the file). A reference to an unset
 * variable without a default is an error naming the variable and where it was used. `$${` escapes.
 * A value that is one reference expanding to nothing (`${NODE_ID:-}` with NODE_ID unset) leaves its
 * key out, so the plugin's own default applies.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    const replaced = value.replace(
      REFERENCE,
      (match, name: string, fallback: string | undefined, offset: number) => {
        if (offset > 0 && value[offset - 1] === '$') return match;
        const set = env[name];
        if (set !== undefined) return set;
        if (fallback !== undefined) return fallback;
        throw new TesseraError(
          'manifest-invalid',
          `${path || '/'}: environment variable ${name} is not set`,
          {
            path,
            variable: name,
            expected: `set ${name}, or write \${${name}:-default}`,
          },
        );
      },
    );
    const result = replaced.replace(/\$\$\{/g, '${');
    // A value that is one reference takes the YAML type of what it expands to (`port: ${PORT}` is a number).
    if (WHOLE_REFERENCE.test(value)) {
      if (result === '') return undefined;
      const typed: unknown = parseYamlScalar(result);
      if (typeof typed === 'number' || typeof typed === 'boolean') return typed;
    }
    return result;
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, `${path}/${i}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, interpolateEnv(v, env, `${path}/${k}`)])
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}
