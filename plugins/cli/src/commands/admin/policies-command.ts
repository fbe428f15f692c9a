import type { Client, MutationResult } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import type { CommandContext } from '../../command-context';
import { EXIT } from '../../failure-report';
import {
  expectOk,
  given,
  parseChoice,
  parseJsonObject,
  parseWhole,
  printRecord,
  printRows,
  reportDone,
  requireChanges,
  slotsColumn,
  type Column,
} from './admin-support';

/** One option of a policy: its flag, the SDK's prop, how it is read and shown. */
interface PolicyOption {
  flag: string;
  prop: string;
  help: string;
  parse: (value: string) => unknown;
  /** Sent on `add` when not given (upstream's CLI defaults for required inputs). */
  addDefault?: unknown;
  column?: Column;
}

interface PolicyArea {
  command: string;
  what: string;
  api: (client: Client) => {
    get(name: string): Promise<unknown>;
    list(): Promise<unknown[]>;
    create(name: string, props: never): Promise<MutationResult>;
    modify(name: string, changes: never): Promise<MutationResult>;
    delete(name: string): Promise<MutationResult>;
  };
  options: PolicyOption[];
}

const whole = parseWhole(0);
const num = (
  flag: string,
  prop: string,
  help: string,
  header: string,
  addDefault?: number,
): PolicyOption => ({
  flag,
  prop,
  help,
  parse: whole,
  addDefault,
  column: { key: prop, header },
});

export const POLICY_AREAS: PolicyArea[] = [
  {
    command: 'keypair-resource-policies',
    what: 'keypair resource policy',
    api: (client) => client.admin.keypairResourcePolicies,
    options: [
      {
        flag: '--default-for-unspecified <mode>',
        prop: 'defaultForUnspecified',
        help: 'LIMITED or UNLIMITED: slot types missing from the total',
        parse: parseChoice(['LIMITED', 'UNLIMITED'] as const),
        addDefault: 'UNLIMITED',
        column: { key: 'defaultForUnspecified', header: 'DEFAULT FOR UNSPECIFIED' },
      },
      {
        flag: '--total-resource-slots <json>',
        prop: 'totalResourceSlots',
        help: 'resource limit as a JSON object, e.g. \'{"cpu": "8"}\'',
        parse: parseJsonObject,
        addDefault: {},
        column: slotsColumn('totalResourceSlots', 'TOTAL RESOURCE SLOTS'),
      },
      num(
        '--max-session-lifetime <seconds>',
        'maxSessionLifetime',
        'seconds a session may live (0: no limit)',
        'MAX SESSION LIFETIME',
        0,
      ),
      num(
        '--max-concurrent-sessions <n>',
        'maxConcurrentSessions',
        'sessions at once',
        'MAX CONCURRENT SESSIONS',
        30,
      ),
      num(
        '--max-containers-per-session <n>',
        'maxContainersPerSession',
        'containers per session',
        'MAX CONTAINERS PER SESSION',
        1,
      ),
      num(
        '--idle-timeout <seconds>',
        'idleTimeout',
        'seconds idle before a session ends',
        'IDLE TIMEOUT',
        1800,
      ),
      num('--max-vfolder-count <n>', 'maxVfolderCount', 'folders per keypair', 'MAX VFOLDER COUNT', 10),
      num(
        '--max-vfolder-size <bytes>',
        'maxVfolderSize',
        'bytes per folder (0: no limit)',
        'MAX VFOLDER SIZE',
        0,
      ),
      {
        flag: '--allowed-vfolder-hosts <json>',
        prop: 'allowedVfolderHosts',
        help: 'storage hosts and permissions as a JSON object',
        parse: parseJsonObject,
        column: { key: 'allowedVfolderHosts', header: 'ALLOWED VFOLDER HOSTS' },
      },
    ],
  },
  {
    command: 'user-resource-policies',
    what: 'user resource policy',
    api: (client) => client.admin.userResourcePolicies,
    options: [
      num('--max-vfolder-count <n>', 'maxVfolderCount', 'folders per user', 'MAX VFOLDER COUNT'),
      num(
        '--max-quota-scope-size <bytes>',
        'maxQuotaScopeSize',
        'bytes of storage quota',
        'MAX QUOTA SCOPE SIZE',
      ),
      num(
        '--max-session-count-per-model-session <n>',
        'maxSessionCountPerModelSession',
        'sessions per model service',
        'MAX SESSIONS PER MODEL SESSION',
      ),
      num(
        '--max-customized-image-count <n>',
        'maxCustomizedImageCount',
        'customized images',
        'MAX CUSTOMIZED IMAGES',
      ),
    ],
  },
  {
    command: 'project-resource-policies',
    what: 'project resource policy',
    api: (client) => client.admin.projectResourcePolicies,
    options: [
      num('--max-vfolder-count <n>', 'maxVfolderCount', 'folders per project', 'MAX VFOLDER COUNT'),
      num(
        '--max-quota-scope-size <bytes>',
        'maxQuotaScopeSize',
        'bytes of storage quota',
        'MAX QUOTA SCOPE SIZE',
      ),
      num('--max-network-count <n>', 'maxNetworkCount', 'networks per project', 'MAX NETWORK COUNT'),
    ],
  },
];

function columnsOf(area: PolicyArea): Column[] {
  return [
    { key: 'name', header: 'NAME' },
    ...area.options.flatMap((option) => (option.column ? [option.column] : [])),
    { key: 'createdAt', header: 'CREATED AT' },
  ];
}

function propsOf(area: PolicyArea, flags: Record<string, unknown>): Record<string, unknown> {
  return given(Object.fromEntries(area.options.map((option) => [option.prop, flags[option.prop]])));
}

/** `tessera admin <kind>-resource-policies list|info|add|update|delete` for the three kinds of policy. */
export function registerPolicyCommands(admin: Command, context: CommandContext): void {
  const { io } = context;
  for (const area of POLICY_AREAS) {
    const group = admin
      .command(area.command)
      .summary(`manage ${area.what.replace('policy', 'policies')} (superadmin)`);
    const columns = columnsOf(area);

    group
      .command('list')
      .description(`List ${area.what.replace('policy', 'policies')}.`)
      .option('--json', 'print the list as JSON')
      .action(async (flags: { json?: boolean }) => {
        const list = await area.api(await apiClient(io)).list();
        printRows(io, list as Array<Record<string, unknown>>, columns, {
          json: flags.json,
          what: area.what.replace('policy', 'policies'),
        });
        context.finish(EXIT.ok);
      });

    group
      .command('info')
      .description(`Show one ${area.what}.`)
      .argument('<name>', 'the policy name')
      .option('--json', 'print it as JSON')
      .action(async (name: string, flags: { json?: boolean }) => {
        const policy = await area.api(await apiClient(io)).get(name);
        if (!policy) throw new CommandFailure(`${area.what} "${name}" not found`);
        printRecord(io, policy as Record<string, unknown>, columns, flags.json);
        context.finish(EXIT.ok);
      });

    const add = group
      .command('add')
      .description(`Create a ${area.what}.`)
      .argument('<name>', 'the new policy name');
    const update = group
      .command('update')
      .description(`Change a ${area.what}.`)
      .argument('<name>', 'the policy name');
    for (const option of area.options) {
      const defaultNote =
        option.addDefault === undefined ? '' : ` (default ${JSON.stringify(option.addDefault)})`;
      add.option(option.flag, `${option.help}${defaultNote}`, option.parse);
      update.option(option.flag, option.help, option.parse);
    }
    add
      .option('--json', 'print the result as JSON')
      .action(async (name: string, flags: Record<string, unknown>) => {
        const defaults = Object.fromEntries(
          area.options
            .filter((option) => option.addDefault !== undefined)
            .map((option) => [option.prop, option.addDefault]),
        );
        const props = { ...defaults, ...propsOf(area, flags) };
        const result = expectOk(
          await area.api(await apiClient(io)).create(name, props as never),
          `creating ${area.what} "${name}"`,
        );
        reportDone(io, flags.json as boolean | undefined, `created ${area.what} ${name}`, result);
        context.finish(EXIT.ok);
      });
    update
      .option('--json', 'print the result as JSON')
      .action(async (name: string, flags: Record<string, unknown>) => {
        const changes = propsOf(area, flags);
        requireChanges(changes, area.options.map((option) => option.flag.split(' ')[0]).join(', '));
        const result = expectOk(
          await area.api(await apiClient(io)).modify(name, changes as never),
          `updating ${area.what} "${name}"`,
        );
        reportDone(io, flags.json as boolean | undefined, `updated ${area.what} ${name}`, result);
        context.finish(EXIT.ok);
      });

    group
      .command('delete')
      .description(`Delete a ${area.what} (refused while anything uses it).`)
      .argument('<name>', 'the policy name')
      .option('--json', 'print the result as JSON')
      .action(async (name: string, flags: { json?: boolean }) => {
        const result = expectOk(
          await area.api(await apiClient(io)).delete(name),
          `deleting ${area.what} "${name}"`,
        );
        reportDone(io, flags.json, `deleted ${area.what} ${name}`, result);
        context.finish(EXIT.ok);
      });
  }
}
