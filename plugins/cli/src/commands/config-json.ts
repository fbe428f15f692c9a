import { CommandFailure } from '../cli-errors';

/**
 * The JSON form of a config subtree, as Backend.AI's `etcd get --prefix` prints it and `etcd
 * put-json` reads it: key segments nest as objects, and the empty key `""` holds the value stored
 * at a node that also has children (`{"cr.backend.ai": {"": "https://cr.backend.ai", "type":
 * "harbor2"}}`). Objects are created without a prototype, so a segment named `__proto__` is data.
 */
export interface ConfigTree {
  [segment: string]: string | ConfigTree;
}

/** A prefix as a path: surrounding slashes dropped (`config/plugins/` is `config/plugins`). */
export function normalizePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/** `key` relative to `prefix` (a path): `""` for the prefix itself, undefined when not under it. */
export function relativeKey(key: string, prefix: string): string | undefined {
  if (prefix === '') return key;
  if (key === prefix) return '';
  return key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : undefined;
}

/** Nests flat entries (keys relative to the exported prefix) into a tree. */
export function unflattenConfig(entries: ReadonlyArray<readonly [string, string]>): ConfigTree {
  const root = emptyTree();
  for (const [key, value] of entries) {
    if (key === '') {
      root[''] = value;
      continue;
    }
    const segments = key.split('/');
    const last = segments.pop()!;
    let node = root;
    for (const segment of segments) node = childTree(node, segment);
    const existing = node[last];
    if (typeof existing === 'object') existing[''] = value;
    else node[last] = value;
  }
  return root;
}

/**
 * The keys and values a JSON document puts under `prefix`. Strings are stored as they are,
 * numbers and booleans as their JSON text; null and arrays have no config-store form and are
 * refused with the path that holds them.
 */
export function flattenConfig(document: unknown, prefix: string): Array<[string, string]> {
  const base = normalizePrefix(prefix);
  const entries: Array<[string, string]> = [];
  const visit = (value: unknown, path: string[]): void => {
    const key = [base, ...path].filter((part, index) => index > 0 || part !== '').join('/');
    if (typeof value === 'string') entries.push([key, value]);
    else if (typeof value === 'number' || typeof value === 'boolean') entries.push([key, String(value)]);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [segment, child] of Object.entries(value)) {
        if (segment === '' && typeof child === 'object' && child !== null)
          throw refused(path, 'the "" key holds the value of its parent key, so it cannot be an object');
        visit(child, segment === '' ? path : [...path, segment]);
      }
    } else {
      throw refused(path, `${Array.isArray(value) ? 'an array' : 'null'} has no config store form`);
    }
  };
  visit(document, []);
  return entries;
}

function refused(path: string[], reason: string): CommandFailure {
  const where = path.length === 0 ? 'the top level' : `"${path.join('/')}"`;
  return new CommandFailure(`cannot store the JSON value at ${where}: ${reason}`);
}

function emptyTree(): ConfigTree {
  return Object.create(null) as ConfigTree;
}

/** The object at `segment`, made from a plain value (kept under `""`) or created when missing. */
function childTree(node: ConfigTree, segment: string): ConfigTree {
  const existing = node[segment];
  if (typeof existing === 'object') return existing;
  const child = emptyTree();
  if (existing !== undefined) child[''] = existing;
  node[segment] = child;
  return child;
}
