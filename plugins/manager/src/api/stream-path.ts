/** Matches a path against a stream route pattern; the `:name` segments' values, or null. */
export type StreamPathMatcher = (path: string) => Record<string, string> | null;

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Compiles a stream route pattern: `/`-separated literal segments and `:name` segments, each
 * `:name` matching one non-empty segment (URI-decoded). Throws on a malformed pattern (a
 * contributor's bug, reported when the manager starts).
 */
export function compileStreamPath(pattern: string): StreamPathMatcher {
  if (!pattern.startsWith('/') || pattern.length < 2)
    throw new Error(`stream route path "${pattern}" must start with "/" and name at least one segment`);
  const segments = pattern.slice(1).split('/');
  const names = new Set<string>();
  for (const segment of segments) {
    if (segment === '') throw new Error(`stream route path "${pattern}" has an empty segment`);
    const name = PARAM.exec(segment)?.[1];
    if (segment.startsWith(':') && !name)
      throw new Error(`stream route path "${pattern}" has a malformed parameter "${segment}"`);
    if (name && names.has(name))
      throw new Error(`stream route path "${pattern}" names the parameter "${name}" twice`);
    if (name) names.add(name);
  }
  return (path) => {
    const parts = path.replace(/^\//, '').split('/');
    if (parts.length !== segments.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const part = parts[i]!;
      const name = PARAM.exec(segment)?.[1];
      if (!name) {
        if (part !== segment) return null;
        continue;
      }
      if (part === '') return null;
      try {
        params[name] = decodeURIComponent(part);
      } catch {
        return null;
      }
    }
    return params;
  };
}
