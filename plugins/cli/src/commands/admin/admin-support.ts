import type { MutationResult } from '@tessera/client';
import { InvalidArgumentError } from 'commander';
import type { CliIo } from '../../cli-io';
import { CommandFailure, UsageError } from '../../cli-errors';
import { cell, formatSlots, printJson } from '../../cli-output';
import { formatTable } from '../../text-table';

/** One column of a table: the SDK's camelCase key, its header, and how to show a value. */
export interface Column {
  key: string;
  header: string;
  format?: (value: unknown) => string;
}

export const slotsColumn = (key: string, header: string): Column => ({ key, header, format: formatSlots });

/** `groups { id name }` for people: the names, comma-separated. */
export function namesOf(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '-';
  return value.map((item) => String((item as { name?: unknown }).name ?? item)).join(',');
}

/** A camelCase SDK record as the wire's snake_case, for --json (the names `tessera ps --json` and upstream use). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
      snakeKeys(item),
    ]),
  );
}

/** Rows for people (a table on stdout, "no ... found" on stderr) or JSON for scripts. */
export function printRows(
  io: CliIo,
  items: ReadonlyArray<Record<string, unknown>>,
  columns: readonly Column[],
  options: { json?: boolean; what: string; page?: { totalCount: number; offset: number } },
): void {
  if (options.json) {
    printJson(
      io,
      options.page ? { total_count: options.page.totalCount, items: snakeKeys(items) } : snakeKeys(items),
    );
    return;
  }
  if (items.length === 0) {
    io.stderr.write(`no ${options.what} found\n`);
    return;
  }
  io.stdout.write(
    formatTable(
      columns.map((column) => column.header),
      items.map((item) => rowOf(item, columns)),
    ),
  );
  const page = options.page;
  if (page && page.totalCount > page.offset + items.length) {
    io.stderr.write(
      `(${items.length} of ${page.totalCount} shown; --offset ${page.offset + items.length} for the next page)\n`,
    );
  }
}

/** One record as FIELD / VALUE lines, or JSON. */
export function printRecord(
  io: CliIo,
  item: Record<string, unknown>,
  columns: readonly Column[],
  json: boolean | undefined,
): void {
  if (json) {
    printJson(io, snakeKeys(item));
    return;
  }
  const values = rowOf(item, columns);
  io.stdout.write(
    formatTable(
      ['FIELD', 'VALUE'],
      columns.map((column, index) => [column.header, values[index]!]),
    ),
  );
}

function rowOf(item: Record<string, unknown>, columns: readonly Column[]): string[] {
  return columns.map((column) => (column.format ?? cell)(item[column.key]));
}

/** A mutation that answered `ok: false` fails the command with the manager's message. */
export function expectOk<T extends MutationResult>(result: T, what: string): T {
  if (!result.ok) throw new CommandFailure(`${what} failed: ${result.msg || 'the manager gave no reason'}`);
  return result;
}

/** The one line a successful mutation prints (or its JSON). */
export function reportDone(io: CliIo, json: boolean | undefined, line: string, result: MutationResult): void {
  if (json) printJson(io, snakeKeys(result));
  else io.stdout.write(`${line}\n`);
}

/** `purge` cannot be undone: it runs only with --yes. */
export function requireYes(flags: { yes?: boolean }, what: string): void {
  if (!flags.yes) throw new UsageError(`purge removes ${what} for good; add --yes to confirm`);
}

// ------------------------------------------------------------------------------------ option parsers

export function parseBoolean(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
  throw new InvalidArgumentError(`expected true or false (yes/no, 1/0), got "${value}".`);
}

/** A JSON object (`'{"cpu": "4", "mem": "16g"}'`). */
export function parseJsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(
      `expected a JSON object such as '{"cpu": "4", "mem": "16g"}', got ${value}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(`expected a JSON object, got ${value}.`);
  }
  return parsed as Record<string, unknown>;
}

/** A comma-separated list without empty entries. */
export function parseList(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list, got nothing.');
  return items;
}

/** A whole number from `min` to `max`. */
export function parseWhole(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}, got "${value}".`,
      );
    }
    return number;
  };
}

/** One of a fixed set of words (any case in, as listed out). */
export function parseChoice<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((choice) => choice.toLowerCase() === value.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got "${value}".`);
    return found;
  };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An object without its undefined members, and whether anything is left. */
export function given<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function requireChanges(changes: Record<string, unknown>, hint: string): void {
  if (Object.keys(changes).length === 0)
    throw new UsageError(`nothing to change: give at least one of ${hint}`);
}
