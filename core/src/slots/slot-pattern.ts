function escapeForRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function classToRegExp(body: string): string {
  const negated = body.startsWith('!');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
  return negated ? `[^${members}]` : `[${members}]`;
}

function compile(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    const close = char === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (close !== -1) {
      source += classToRegExp(pattern.slice(i + 1, close));
      i = close;
    } else source += escapeForRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

const compiled = new Map<string, RegExp>();

/**
 * Case-sensitive shell-style matching of a slot name, as Python's `fnmatchcase`: `*` matches any
 * run of characters (dots and colons included), `?` one character, `[seq]` / `[!seq]` one
 * character in or not in the set. `cuda.device:*-mig` matches `cuda.device:1g.5gb-mig`.
 */
export function matchesSlotPattern(name: string, pattern: string): boolean {
  let regExp = compiled.get(pattern);
  if (!regExp) {
    regExp = compile(pattern);
    compiled.set(pattern, regExp);
  }
  return regExp.test(name);
}
