import { UsageError } from '../cli-errors';

/** One `--env-range`/`--build-range`/`--exec-range` option: a variable and the values it takes. */
export interface RangeVariable {
  name: string;
  values: string[];
}

/** Which template a range variable fills: `-e` values, `--build` or `--exec`. */
export type RangeTarget = 'env' | 'build' | 'exec';

/** One combination of range values: what one parallel run gets. */
export interface RunCase {
  env: Record<string, string>;
  build?: string;
  exec?: string;
  /** `NAME=value` of every range variable, for people (empty without ranges). */
  label: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_CASES = 1000;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * Parses `NAME=EXPR` (after Backend.AI's range expressions): `case:a,b,c` (those strings),
 * `linspace:start,stop,points` (`points` evenly spaced numbers, both ends included) or
 * `range:start,stop,step` (integers from start up to, not including, stop; `range:stop` and
 * `range:start,stop` as in Python). A wrong expression is a UsageError naming the option and part.
 */
export function parseRange(option: string, text: string): RangeVariable {
  const where = `${option} "${text}"`;
  const separator = text.indexOf('=');
  if (separator < 0) {
    throw new UsageError(`${where}: expected NAME=EXPR, e.g. X=case:a,b or N=range:1,10,2`);
  }
  const name = text.slice(0, separator);
  if (!NAME.test(name)) {
    throw new UsageError(
      `${where}: the name "${name}" must be letters, digits and underscores, not starting with a digit`,
    );
  }
  const expression = text.slice(separator + 1);
  const colon = expression.indexOf(':');
  const kind = colon < 0 ? expression : expression.slice(0, colon);
  const args = colon < 0 ? [] : expression.slice(colon + 1).split(',');
  switch (colon < 0 ? '' : kind) {
    case 'case':
      return { name, values: caseValues(where, args) };
    case 'linspace':
      return { name, values: linspaceValues(where, args) };
    case 'range':
      return { name, values: rangeValues(where, args) };
    default:
      throw new UsageError(
        `${where}: unknown range type "${kind}"; expected case:a,b,c, linspace:start,stop,points or range:start,stop,step`,
      );
  }
}

function caseValues(where: string, args: string[]): string[] {
  if (args.length === 1 && args[0] === '') throw new UsageError(`${where}: case: needs at least one value`);
  return args;
}

function linspaceValues(where: string, args: string[]): string[] {
  if (args.length !== 3) {
    throw new UsageError(`${where}: linspace takes start,stop,points (3 values), got ${args.length}`);
  }
  const [start, stop, points] = args as [string, string, string];
  const first = numberPart(where, 'start', start);
  const last = numberPart(where, 'stop', stop);
  if (!INTEGER.test(points.trim()) || Number(points) < 2) {
    throw new UsageError(`${where}: linspace points "${points}" must be a whole number of 2 or more`);
  }
  const count = Number(points);
  if (count > MAX_CASES) throw new UsageError(`${where}: linspace points ${count} is more than ${MAX_CASES}`);
  const step = (last - first) / (count - 1);
  return Array.from({ length: count }, (_, index) =>
    String(Number((index === count - 1 ? last : first + step * index).toPrecision(12))),
  );
}

function rangeValues(where: string, args: string[]): string[] {
  if (args.length < 1 || args.length > 3 || (args.length === 1 && args[0] === '')) {
    throw new UsageError(
      `${where}: range takes stop, start,stop or start,stop,step; got ${args.length} values`,
    );
  }
  const parts = ['start', 'stop', 'step'] as const;
  const names = args.length === 1 ? (['stop'] as const) : parts.slice(0, args.length);
  const numbers = args.map((arg, index) => {
    const part = names[index]!;
    if (!INTEGER.test(arg.trim()))
      throw new UsageError(`${where}: range ${part} "${arg}" must be a whole number`);
    return Number(arg);
  });
  const [start, stop, step] =
    args.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw new UsageError(`${where}: range step must not be 0`);
  const values: string[] = [];
  for (let value = start; step > 0 ? value < stop : value > stop; value += step) {
    if (values.length === MAX_CASES)
      throw new UsageError(`${where}: the range has more than ${MAX_CASES} values`);
    values.push(String(value));
  }
  if (values.length === 0)
    throw new UsageError(`${where}: the range is empty (no value from ${start} towards ${stop})`);
  return values;
}

function numberPart(where: string, part: string, text: string): number {
  if (!NUMBER.test(text.trim())) throw new UsageError(`${where}: linspace ${part} "${text}" is not a number`);
  return Number(text);
}

/**
 * Every combination of the range variables (their cartesian product), each filling `$NAME` and
 * `${NAME}` in the templates of its target; combinations that come out the same are run once.
 * `$` followed by a name that is no range variable of that target (`$HOME`) is left as it is.
 */
export function expandCases(
  templates: { env: Record<string, string>; build?: string; exec?: string },
  ranges: Record<RangeTarget, RangeVariable[]>,
): RunCase[] {
  const all = [...ranges.env, ...ranges.build, ...ranges.exec];
  const seen = new Set<string>();
  for (const variable of all) {
    const key = `${variable.name}`;
    if (seen.has(key)) throw new UsageError(`the range variable ${variable.name} is defined twice`);
    seen.add(key);
  }
  let combinations: Array<Record<string, string>> = [{}];
  for (const variable of all) {
    combinations = combinations.flatMap((values) =>
      variable.values.map((value) => ({ ...values, [variable.name]: value })),
    );
    if (combinations.length > MAX_CASES) {
      throw new UsageError(`the range options make more than ${MAX_CASES} runs; narrow them`);
    }
  }
  const only = (target: RangeTarget, values: Record<string, string>): Record<string, string> =>
    Object.fromEntries(ranges[target].map((variable) => [variable.name, values[variable.name]!]));
  const cases = new Map<string, RunCase>();
  for (const values of combinations) {
    const envValues = only('env', values);
    const env = Object.fromEntries(
      Object.entries(templates.env).map(([key, value]) => [key, fill(value, envValues)]),
    );
    const build = templates.build === undefined ? undefined : fill(templates.build, only('build', values));
    const exec = templates.exec === undefined ? undefined : fill(templates.exec, only('exec', values));
    const key = JSON.stringify([env, build, exec]);
    if (cases.has(key)) continue;
    const label = all.map((variable) => `${variable.name}=${values[variable.name]!}`).join(' ');
    cases.set(key, {
      env,
      ...(build !== undefined ? { build } : {}),
      ...(exec !== undefined ? { exec } : {}),
      label,
    });
  }
  return [...cases.values()];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced, bare) => {
      const value = values[(braced ?? bare) as string];
      return value ?? whole;
    },
  );
}

const RELATIVE =
  /^([+-])?\s*(?:(\d+(?:\.\d+)?)\s*(?:d|day|days))?\s*(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d+(?:\.\d+)?)\s*(?:m|min|mins|minute|minutes))?\s*(?:(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)?)?$/;

/**
 * `--starts-at`: an ISO 8601 date and time, or a time from now as Backend.AI writes it (`30min`,
 * `1d2h`, `2hours 15min`, `300` seconds).
 */
export function parseStartsAt(text: string, now: Date = new Date()): Date {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (trimmed !== '' && relative && relative.slice(2).some((part) => part !== undefined)) {
    const [, sign, days, hours, minutes, seconds] = relative;
    const total =
      Number(days ?? 0) * 86_400 +
      Number(hours ?? 0) * 3600 +
      Number(minutes ?? 0) * 60 +
      Number(seconds ?? 0);
    return new Date(now.getTime() + (sign === '-' ? -1 : 1) * total * 1000);
  }
  const date = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? new Date(trimmed) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--starts-at "${text}": expected an ISO 8601 time (2026-01-31T09:00:00Z) or a time from now (30min, 1d2h, 300)`,
    );
  }
  return date;
}
