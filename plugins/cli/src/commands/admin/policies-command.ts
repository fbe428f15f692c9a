import type { Client, MutationResult } from '@tessera/client';
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context';
import {
  given,
  parseChoice,
  parseJsonObject,
  parseList,
  parseWhole,
  requireChanges,
  slotsColumn,
  type Column,
} from './admin-support';
import { mutate, printList, printOne, registerRemoveVerb, verbAction, type JsonFlag } from './admin-verbs';

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
    get(name: string): Promise<object | null | undefined>;
    list(): Promise<object[]>;
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
      num(
        '--max-vfolder-mounts <n>',
        'maxVfolderMounts',
        'folders a session may mount by name (0: no limit)',
        'MAX VFOLDER MOUNTS',
        0,
      ),
      {
        flag: '--allowed-vfolder-hosts <hosts>',
        prop: 'allowedVfolderHosts',
        help: 'storage hosts (proxy:volume), comma-separated; each grants every vfolder permission',
        parse: parseList,
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
      .action(
        verbAction(context, (flags: JsonFlag) =>
          printList(io, columns, area.what.replace('policy', 'policies'), flags.json, (client) =>
            area.api(client).list(),
          ),
        ),
      );

    group
      .command('info')
      .description(`Show one ${area.what}.`)
      .argument('<name>', 'the policy name')
      .option('--json', 'print it as JSON')
      .action(
        verbAction(context, (name: string, flags: JsonFlag) =>
          printOne(io, columns, flags.json, `${area.what} "${name}"`, (client) => area.api(client).get(name)),
        ),
      );

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
    add.option('--json', 'print the result as JSON').action(
      verbAction(context, async (name: string, flags: Record<string, unknown>) => {
        const defaults = Object.fromEntries(
          area.options
            .filter((option) => option.addDefault !== undefined)
            .map((option) => [option.prop, option.addDefault]),
        );
        const props = { ...defaults, ...propsOf(area, flags) };
        await mutate(
          io,
          flags.json as boolean | undefined,
          `creating ${area.what} "${name}"`,
          (client) => area.api(client).create(name, props as never),
          `created ${area.what} ${name}`,
        );
      }),
    );
    update.option('--json', 'print the result as JSON').action(
      verbAction(context, async (name: string, flags: Record<string, unknown>) => {
        const changes = propsOf(area, flags);
        requireChanges(changes, area.options.map((option) => option.flag.split(' ')[0]).join(', '));
        await mutate(
          io,
          flags.json as boolean | undefined,
          `updating ${area.what} "${name}"`,
          (client) => area.api(client).modify(name, changes as never),
          `updated ${area.what} ${name}`,
        );
      }),
    );

    registerRemoveVerb(group, context, {
      verb: 'delete',
      description: `Delete a ${area.what} (refused while anything uses it).`,
      argument: ['<name>', 'the policy name'],
      noun: area.what,
      past: 'deleted',
      call: (client, name) => area.api(client).delete(name),
    });
  }
}
