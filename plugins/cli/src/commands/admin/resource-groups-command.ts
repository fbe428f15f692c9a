import type { ResourceGroupChanges, ResourceGroupMember } from '@tessera/client';
import type { Command } from 'commander';
import { UsageError } from '../../cli-errors';
import { cell } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { given, isUuid, parseBoolean, parseJsonObject, requireChanges, type Column } from './admin-support';
import { mutate, printList, printOne, registerRemoveVerb, verbAction, type JsonFlag } from './admin-verbs';

const optionsCell = (value: unknown): string =>
  value && typeof value === 'object' && Object.keys(value).length > 0 ? JSON.stringify(value) : '-';

export const RESOURCE_GROUP_COLUMNS: Column[] = [
  { key: 'name', header: 'NAME' },
  { key: 'isActive', header: 'ACTIVE' },
  { key: 'isPublic', header: 'PUBLIC' },
  { key: 'scheduler', header: 'SCHEDULER' },
  { key: 'driver', header: 'DRIVER' },
  { key: 'description', header: 'DESCRIPTION', format: (value) => (value ? cell(value) : '-') },
];

const INFO_COLUMNS: Column[] = [
  ...RESOURCE_GROUP_COLUMNS,
  { key: 'schedulerOpts', header: 'SCHEDULER OPTIONS', format: optionsCell },
  { key: 'driverOpts', header: 'DRIVER OPTIONS', format: optionsCell },
  { key: 'wsproxyAddr', header: 'WSPROXY ADDRESS' },
  { key: 'createdAt', header: 'CREATED AT' },
];

interface GroupFlags extends JsonFlag {
  description?: string;
  active?: boolean;
  public?: boolean;
  driver?: string;
  driverOpts?: Record<string, unknown>;
  scheduler?: string;
  schedulerOpts?: Record<string, unknown>;
  wsproxyAddr?: string;
}

interface MemberFlags extends JsonFlag {
  domain?: string;
  project?: string;
  keypair?: string;
  all?: boolean;
}

function withPropOptions(command: Command, defaults: boolean): Command {
  return command
    .option('--description <text>', 'description')
    .option('--active <bool>', 'whether sessions may be scheduled in the group (true/false)', parseBoolean)
    .option(
      '--public <bool>',
      'whether every domain, project and keypair may use it (true/false)',
      parseBoolean,
    )
    .option('--driver <name>', 'the agent driver', defaults ? 'static' : undefined)
    .option('--driver-opts <json>', 'driver options as a JSON object', parseJsonObject)
    .option(
      '--scheduler <name>',
      'a scheduler the deployment loads (fifo, lifo, drf, ...)',
      defaults ? 'fifo' : undefined,
    )
    .option(
      '--scheduler-opts <json>',
      'scheduler options as a JSON object: allowed_session_types, pending_timeout (seconds), agent_selection_strategy, config; replaces them whole',
      parseJsonObject,
    )
    .option('--wsproxy-addr <url>', 'the App Proxy coordinator URL ("" clears it on update)')
    .option('--json', 'print the result as JSON');
}

function changesOf(flags: GroupFlags): ResourceGroupChanges {
  return given({
    description: flags.description,
    isActive: flags.active,
    isPublic: flags.public,
    driver: flags.driver,
    driverOpts: flags.driverOpts,
    scheduler: flags.scheduler,
    schedulerOpts: flags.schedulerOpts,
    wsproxyAddr: flags.wsproxyAddr,
  });
}

function memberOptions(command: Command): Command {
  return command
    .option('--domain <name>', 'a domain, by name')
    .option('--project <id>', 'a project, by its UUID')
    .option('--keypair <access-key>', 'a keypair, by access key');
}

/** The one of --domain, --project and --keypair given. */
function memberOf(flags: MemberFlags): ResourceGroupMember {
  const given = [flags.domain, flags.project, flags.keypair].filter((value) => value !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of --domain, --project or --keypair');
  if (flags.domain !== undefined) return { domain: flags.domain };
  if (flags.project !== undefined) {
    if (!isUuid(flags.project))
      throw new UsageError(`--project expects a project UUID, got "${flags.project}"`);
    return { project: flags.project };
  }
  return { accessKey: flags.keypair! };
}

function describeMember(member: ResourceGroupMember): string {
  if ('domain' in member) return `domain ${member.domain}`;
  if ('project' in member) return `project ${member.project}`;
  return `keypair ${member.accessKey}`;
}

/** `tessera admin resource-groups list|info|add|update|delete|associate|disassociate`. */
export function registerResourceGroupsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const groups = admin
    .command('resource-groups')
    .summary('manage resource groups (scaling groups; superadmin)');

  memberOptions(
    groups
      .command('list')
      .description(
        'List resource groups (GraphQL scaling_groups), or those of one domain, project or keypair.',
      )
      .option('--active <bool>', 'only active (true) or inactive (false) groups', parseBoolean),
  )
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, (flags: MemberFlags & { active?: boolean }) => {
        const associated = flags.domain ?? flags.project ?? flags.keypair;
        const associatedWith = associated === undefined ? undefined : memberOf(flags);
        return printList(io, RESOURCE_GROUP_COLUMNS, 'resource groups', flags.json, (client) =>
          client.admin.resourceGroups.list({ isActive: flags.active, associatedWith }),
        );
      }),
    );

  groups
    .command('info')
    .description('Show one resource group (GraphQL scaling_group).')
    .argument('<name>', 'the group name')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (name: string, flags: JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `resource group "${name}"`, (client) =>
          client.admin.resourceGroups.get(name),
        ),
      ),
    );

  withPropOptions(
    groups
      .command('add')
      .description('Create a resource group (create_scaling_group).')
      .argument('<name>', 'the new group name'),
    true,
  ).action(
    verbAction(context, async (name: string, flags: GroupFlags) => {
      const changes = changesOf(flags);
      await mutate(
        io,
        flags.json,
        `creating resource group "${name}"`,
        (client) =>
          client.admin.resourceGroups.create(name, {
            ...changes,
            driver: flags.driver ?? 'static',
            scheduler: flags.scheduler ?? 'fifo',
          }),
        `created resource group ${name}`,
      );
    }),
  );

  withPropOptions(
    groups
      .command('update')
      .description(
        'Change a resource group (modify_scaling_group); it applies from the next scheduling pass.',
      )
      .argument('<name>', 'the group name'),
    false,
  ).action(
    verbAction(context, async (name: string, flags: GroupFlags) => {
      const changes = changesOf(flags);
      requireChanges(changes, '--description, --active, --public, --scheduler, --scheduler-opts, ...');
      await mutate(
        io,
        flags.json,
        `updating resource group "${name}"`,
        (client) => client.admin.resourceGroups.modify(name, changes),
        `updated resource group ${name}`,
      );
    }),
  );

  registerRemoveVerb(groups, context, {
    verb: 'delete',
    description:
      'Delete a resource group (delete_scaling_group) with its associations; refused while agents or sessions name it.',
    argument: ['<name>', 'the group name'],
    noun: 'resource group',
    past: 'deleted',
    call: (client, name) => client.admin.resourceGroups.delete(name),
  });

  memberOptions(
    groups
      .command('associate')
      .description('Open a resource group to a domain, project or keypair (associate_scaling_group_with_*).')
      .argument('<name>', 'the group name'),
  )
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (name: string, flags: MemberFlags) => {
        const member = memberOf(flags);
        await mutate(
          io,
          flags.json,
          `associating resource group "${name}" with ${describeMember(member)}`,
          (client) => client.admin.resourceGroups.associate(name, member),
          `associated resource group ${name} with ${describeMember(member)}`,
        );
      }),
    );

  memberOptions(
    groups
      .command('disassociate')
      .description(
        'Close a resource group to a domain, project or keypair (disassociate_scaling_group_with_*); with --all instead of a name, every group of the domain or project.',
      )
      .argument('[name]', 'the group name'),
  )
    .option('--all', 'every group of the --domain or --project (disassociate_all_scaling_groups_with_*)')
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (name: string | undefined, flags: MemberFlags) => {
        const member = memberOf(flags);
        if (flags.all) {
          if (name !== undefined) throw new UsageError('give either a group name or --all, not both');
          if ('accessKey' in member) throw new UsageError('--all takes --domain or --project, not --keypair');
          await mutate(
            io,
            flags.json,
            `disassociating every resource group from ${describeMember(member)}`,
            (client) => client.admin.resourceGroups.disassociateAll(member),
            `disassociated every resource group from ${describeMember(member)}`,
          );
          return;
        }
        if (name === undefined) throw new UsageError('give the group name, or --all');
        await mutate(
          io,
          flags.json,
          `disassociating resource group "${name}" from ${describeMember(member)}`,
          (client) => client.admin.resourceGroups.disassociate(name, member),
          `disassociated resource group ${name} from ${describeMember(member)}`,
        );
      }),
    );
}
