import type { Client, MutationResult } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import type { CliIo } from '../../cli-io';
import type { CommandContext } from '../../command-context';
import { EXIT } from '../../failure-report';
import {
  expectOk,
  given,
  parseBoolean,
  parseJsonObject,
  parseList,
  parseWhole,
  printRecord,
  printRows,
  reportDone,
  requireYes,
  type Column,
} from './admin-support';

/** The flags every admin verb takes. */
export interface JsonFlag {
  json?: boolean;
}

/** The paging flags `pageOptions` adds. */
export interface PageFlags extends JsonFlag {
  order?: string;
  limit: number;
  offset: number;
}

/** A verb's action: its own work, then exit 0 (a failure thrown on the way sets its own code). */
export function verbAction<A extends unknown[]>(
  context: CommandContext,
  body: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    await body(...args);
    context.finish(EXIT.ok);
  };
}

/** A list fetched in one call: a table or JSON. */
export async function printList(
  io: CliIo,
  columns: readonly Column[],
  what: string,
  json: boolean | undefined,
  fetch: (client: Client) => Promise<readonly object[]>,
): Promise<void> {
  const list = await fetch(await apiClient(io));
  printRows(io, list as ReadonlyArray<Record<string, unknown>>, columns, { json, what });
}

/** `--order`, `--limit` and `--offset` for a paged list, then `--json`. */
export function pageOptions(command: Command, what: string, orderExample: string): Command {
  return command
    .option('--order <expr>', `one field, led by "+" (ascending) or "-" (descending), e.g. ${orderExample}`)
    .option('--limit <n>', 'page size, 1 to 100', parseWhole(1, 100), 20)
    .option('--offset <n>', `${what} to skip`, parseWhole(0), 0)
    .option('--json', 'print {total_count, items} as JSON');
}

/** One page of a paged list: a table with a "next page" hint, or `{total_count, items}`. */
export async function printPage(
  io: CliIo,
  columns: readonly Column[],
  what: string,
  flags: PageFlags,
  fetch: (
    client: Client,
    page: { order?: string; limit: number; offset: number },
  ) => Promise<{ items: readonly object[]; totalCount: number }>,
): Promise<void> {
  const page = await fetch(await apiClient(io), {
    order: flags.order,
    limit: flags.limit,
    offset: flags.offset,
  });
  printRows(io, page.items as ReadonlyArray<Record<string, unknown>>, columns, {
    json: flags.json,
    what,
    page: { totalCount: page.totalCount, offset: flags.offset },
  });
}

/** One record as FIELD / VALUE lines or JSON; none is a failure naming what was asked for. */
export async function printOne(
  io: CliIo,
  columns: readonly Column[],
  json: boolean | undefined,
  notFound: string,
  fetch: (client: Client) => Promise<object | null | undefined>,
): Promise<void> {
  const item = await fetch(await apiClient(io));
  if (!item) throw new CommandFailure(`${notFound} not found`);
  printRecord(io, item as Record<string, unknown>, columns, json);
}

/**
 * Runs a mutation (a call made already, or one to make with a new client), fails with `doing` when it
 * answered ok: false, else prints `done` or its JSON.
 */
export async function mutate<T extends MutationResult>(
  io: CliIo,
  json: boolean | undefined,
  doing: string,
  call: Promise<T> | ((client: Client) => Promise<T>),
  done: string | ((result: T) => string),
): Promise<T> {
  const result = expectOk(await (typeof call === 'function' ? call(await apiClient(io)) : call), doing);
  reportDone(io, json, typeof done === 'string' ? done : done(result), result);
  return result;
}

/** The flags of what domains and projects both have. */
export interface ScopeFlags extends JsonFlag {
  description?: string;
  active?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: string[];
}

/** `--description`, `--active`, `--total-resource-slots` and `--allowed-vfolder-hosts` of a domain or project. */
export function scopeOptions(command: Command, what: string, cpuExample: string): Command {
  return command
    .option('--description <text>', 'description')
    .option('--active <bool>', `whether the ${what} is active (true/false)`, parseBoolean)
    .option(
      '--total-resource-slots <json>',
      `resource limit as a JSON object, e.g. '{"cpu": "${cpuExample}"}'`,
      parseJsonObject,
    )
    .option(
      '--allowed-vfolder-hosts <hosts>',
      'storage hosts (proxy:volume), comma-separated; each grants every vfolder permission',
      parseList,
    );
}

export function scopeProps(flags: ScopeFlags) {
  return given({
    description: flags.description,
    isActive: flags.active,
    totalResourceSlots: flags.totalResourceSlots,
    allowedVfolderHosts: flags.allowedVfolderHosts,
  });
}

/** A `delete` or `purge` verb of one record named by its one argument (`purge` asks for --yes). */
export interface RemoveVerb<F extends JsonFlag> {
  verb: 'delete' | 'purge';
  description: string;
  /** `<name>` and its help. */
  argument: [string, string];
  /** `domain`: the failure says `deleting domain "x"`. */
  noun: string;
  /** What the done line says it did: `deleted`, `deactivated`, `purged`. */
  past: string;
  /** Options of this verb alone, listed before `--yes` and `--json`. */
  options?: (command: Command) => Command;
  call: (client: Client, key: string, flags: F) => Promise<MutationResult>;
}

export function registerRemoveVerb<F extends JsonFlag>(
  group: Command,
  context: CommandContext,
  spec: RemoveVerb<F>,
): void {
  const { io } = context;
  let command = group
    .command(spec.verb)
    .description(spec.description)
    .argument(...spec.argument);
  if (spec.options) command = spec.options(command);
  if (spec.verb === 'purge') command.option('-y, --yes', 'confirm: this cannot be undone');
  command.option('--json', 'print the result as JSON').action(
    verbAction(context, async (key: string, flags: F & { yes?: boolean }) => {
      if (spec.verb === 'purge') requireYes(flags, `${spec.noun} "${key}"`);
      await mutate(
        io,
        flags.json,
        `${spec.verb === 'purge' ? 'purging' : 'deleting'} ${spec.noun} "${key}"`,
        (client) => spec.call(client, key, flags),
        `${spec.past} ${spec.noun} ${key}`,
      );
    }),
  );
}
