import { apiClient } from '../api-client';
import { SESSION_STATUSES, SESSION_TERMINAL_STATUSES } from '@tessera/core';
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext } from '../command-context';
import { UsageError } from '../cli-errors';
import { cell, formatSlots, parseJson, printJson } from '../cli-output';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';

const STATUSES: readonly string[] = SESSION_STATUSES;
const DEAD: string[] = [...SESSION_TERMINAL_STATUSES];
const ALIVE = STATUSES.filter((status) => !DEAD.includes(status));
const RUNNING = ALIVE.filter((status) => status !== 'PENDING' && status !== 'TERMINATING');

/** `--format` names (upstream's session field names) and the ComputeSession field each reads. */
const FIELDS: Record<string, string> = {
  name: 'name',
  session_id: 'id',
  id: 'id',
  group_name: 'group_name',
  image: 'image',
  type: 'type',
  status: 'status',
  status_info: 'status_info',
  status_changed: 'status_changed',
  result: 'result',
  created_at: 'created_at',
  terminated_at: 'terminated_at',
  starts_at: 'starts_at',
  access_key: 'access_key',
  user_email: 'user_email',
  domain_name: 'domain_name',
  scaling_group: 'scaling_group',
  tag: 'tag',
  priority: 'priority',
  cluster_mode: 'cluster_mode',
  cluster_size: 'cluster_size',
  architecture: 'architecture',
  startup_command: 'startup_command',
  occupied_slots: 'occupied_slots',
  requested_slots: 'requested_slots',
};
const SLOT_FIELDS = new Set(['occupied_slots', 'requested_slots']);
const DEFAULT_FORMAT = [
  'name',
  'session_id',
  'group_name',
  'image',
  'type',
  'status',
  'status_info',
  'status_changed',
];

interface ListFlags {
  status?: string[];
  running?: boolean;
  dead?: boolean;
  all?: boolean;
  accessKey?: string;
  format?: string[];
  nameOnly?: boolean;
  limit: number;
  offset: number;
  order?: string;
  json?: boolean;
}

const HELP = `
Without a status option, sessions that are not over yet are listed (${ALIVE.join(', ')}).

Fields for -f/--format: ${Object.keys(FIELDS).join(', ')}.

Examples:
  $ tessera ps
  $ tessera ps -a --limit 50
  $ tessera session list -s PENDING,RUNNING -f name,status,occupied_slots
  $ tessera ps --dead --json`;

/** Adds `tessera ps` (under `parent`, as `name`): the session list through GraphQL compute_session_list. */
export function addSessionListCommand(parent: Command, name: string, context: CommandContext): Command {
  return parent
    .command(name)
    .summary('list sessions')
    .description(
      'List compute sessions (GraphQL compute_session_list): a table for people, --json for scripts.',
    )
    .option(
      '-s, --status <statuses>',
      'only these statuses, comma-separated (ALL for every status)',
      parseStatuses,
    )
    .option('--running', 'only sessions that are scheduled or running')
    .option('--dead', 'only sessions that are over (TERMINATED, ERROR, CANCELLED)')
    .option('-a, --all', 'every session whatever its status')
    .option('--access-key <key>', "another keypair's sessions (admins only)")
    .option('-f, --format <fields>', 'the columns to show, comma-separated', parseFormat)
    .option('--name-only', 'print only the session names, one per line')
    .option('--limit <n>', 'page size, 1 to 100', parseCount(1, 100), 20)
    .option('--offset <n>', 'sessions to skip', parseCount(0, Number.MAX_SAFE_INTEGER), 0)
    .option(
      '--order <field>',
      'sort by a field, ascending; prefix "~" for descending (default: newest first)',
    )
    .option('--json', 'print {total_count, items} as JSON')
    .addHelpText('after', HELP)
    .action(async (flags: ListFlags) => {
      const exclusive = [
        flags.status ? '--status' : '',
        flags.running ? '--running' : '',
        flags.dead ? '--dead' : '',
        flags.all ? '--all' : '',
      ].filter(Boolean);
      if (exclusive.length > 1) throw new UsageError(`use one of ${exclusive.join(', ')}, not several`);
      const status = flags.all
        ? undefined
        : flags.dead
          ? DEAD
          : flags.running
            ? RUNNING
            : (flags.status ?? ALIVE);
      const format = flags.nameOnly ? ['name'] : (flags.format ?? DEFAULT_FORMAT);
      const order = flags.order?.replace(/^~/, '');
      const client = await apiClient(context.io);
      const list = await client.listSessions({
        status: status && status.length > 0 ? status : undefined,
        fields: [...new Set(format.map((field) => FIELDS[field]!))],
        limit: flags.limit,
        offset: flags.offset,
        orderKey: order,
        orderAsc: order === undefined ? undefined : !flags.order!.startsWith('~'),
        accessKey: flags.accessKey,
      });
      const rows = list.items.map((item) =>
        Object.fromEntries(format.map((field) => [field, valueOf(item, field)])),
      );
      if (flags.json) {
        printJson(context.io, { total_count: list.total_count, items: rows });
      } else if (flags.nameOnly) {
        for (const row of rows) context.io.stdout.write(`${String(row.name)}\n`);
      } else if (rows.length === 0) {
        context.io.stderr.write('no sessions match\n');
      } else {
        const header = format.map((field) => field.replace(/_/g, ' ').toUpperCase());
        const cells = rows.map((row) =>
          format.map((field) => (SLOT_FIELDS.has(field) ? formatSlots(row[field]) : cell(row[field]))),
        );
        context.io.stdout.write(formatTable(header, cells));
        if (list.total_count > flags.offset + rows.length) {
          context.io.stderr.write(
            `(${rows.length} of ${list.total_count} shown; --offset ${flags.offset + rows.length} for the next page)\n`,
          );
        }
      }
      context.finish(EXIT.ok);
    });
}

function valueOf(item: Record<string, unknown>, field: string): unknown {
  const value = item[FIELDS[field]!];
  return SLOT_FIELDS.has(field) && typeof value === 'string' ? parseJson(value) : (value ?? null);
}

function parseStatuses(value: string): string[] {
  const statuses = value
    .split(',')
    .map((status) => status.trim().toUpperCase())
    .filter(Boolean);
  if (statuses.includes('ALL')) return [];
  const unknown = statuses.filter((status) => !STATUSES.includes(status));
  if (unknown.length > 0 || statuses.length === 0) {
    throw new InvalidArgumentError(
      `unknown status ${unknown.map((status) => `"${status}"`).join(', ') || '(none given)'}; expected ALL or a comma list of ${STATUSES.join(', ')}.`,
    );
  }
  return statuses;
}

function parseFormat(value: string): string[] {
  const fields = value
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  const unknown = fields.filter((field) => !(field in FIELDS));
  if (unknown.length > 0 || fields.length === 0) {
    throw new InvalidArgumentError(
      `there is no such field: ${unknown.join(', ') || '(none given)'}; expected a comma list of ${Object.keys(FIELDS).join(', ')}.`,
    );
  }
  return fields;
}

function parseCount(min: number, max: number): (value: string) => number {
  return (value) => {
    const count = Number(value);
    if (!/^\d+$/.test(value.trim()) || count < min || count > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}, got "${value}".`,
      );
    }
    return count;
  };
}
