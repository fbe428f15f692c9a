import { builtinModules } from 'node:module';

/**
 * Why `name` cannot be published as an npm package (npm's package-name rules), or undefined when it
 * can: at most 214 characters, lower case, URL-safe characters only, not starting with `.` or `_`,
 * an optional `@scope/` prefix, and not a Node.js core module or a reserved name.
 */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return `it is ${name.length} characters long; npm allows at most 214`;
  if (name.trim() !== name) return 'it starts or ends with spaces';
  if (name !== name.toLowerCase()) return 'it has upper-case letters; npm package names are lower case';
  let local = name;
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash < 0) return 'a scoped name needs a slash: @scope/name';
    const scope = name.slice(1, slash);
    local = name.slice(slash + 1);
    if (scope === '') return 'the scope after "@" is empty';
    const scopeProblem = partProblem(scope, 'the scope');
    if (scopeProblem) return scopeProblem;
    if (local.includes('/')) return 'it has more than one slash; only @scope/name has one';
  } else if (name.includes('/')) {
    return 'it has a slash but no @scope';
  }
  if (local === '') return 'the name after the scope is empty';
  const localProblem = partProblem(local, 'the name');
  if (localProblem) return localProblem;
  if (
    !name.startsWith('@') &&
    (builtinModules.includes(name) || ['node_modules', 'favicon.ico'].includes(name))
  )
    return `"${name}" is a Node.js core module or a reserved name`;
  return undefined;
}

function partProblem(part: string, what: string): string | undefined {
  if (part.startsWith('.') || part.startsWith('_')) return `${what} starts with "${part[0]}"`;
  const unsafe = [...part].find((char) => !/^[a-z0-9._~-]$/.test(char));
  if (unsafe !== undefined)
    return `${what} has the character ${JSON.stringify(unsafe)}; use lower-case letters, digits, "-", ".", "_" or "~"`;
  return undefined;
}

/**
 * The device key an accelerator package stands for: its name without scope and without a leading
 * `tessera-` or `accelerator-` (`@vendor/tessera-npu` -> `npu`), or undefined when what is left is
 * not a valid key (`^[a-z][a-z0-9]*$`; the key names slots and environment variables).
 */
export function deviceKeyOf(packageName: string): string | undefined {
  const local = packageName.slice(packageName.indexOf('/') + 1);
  const key = local.replace(/^(tessera-)?(accelerator-)?/, '');
  return DEVICE_KEY.test(key) ? key : undefined;
}

export const DEVICE_KEY = /^[a-z][a-z0-9]{0,31}$/;
