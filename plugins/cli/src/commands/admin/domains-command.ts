import type { Command } from 'commander';
import type { CommandContext } from '../../command-context';
import { given, parseBoolean, parseList, requireChanges, slotsColumn, type Column } from './admin-support';
import {
  mutate,
  printList,
  printOne,
  registerRemoveVerb,
  scopeOptions,
  scopeProps,
  verbAction,
  type JsonFlag,
  type ScopeFlags,
} from './admin-verbs';

export const DOMAIN_COLUMNS: Column[] = [
  { key: 'name', header: 'NAME' },
  { key: 'isActive', header: 'ACTIVE' },
  { key: 'description', header: 'DESCRIPTION' },
  slotsColumn('totalResourceSlots', 'TOTAL RESOURCE SLOTS'),
  { key: 'scalingGroups', header: 'RESOURCE GROUPS', format: (value) => listCell(value) },
  { key: 'createdAt', header: 'CREATED AT' },
];

const INFO_COLUMNS: Column[] = [
  ...DOMAIN_COLUMNS,
  { key: 'allowedVfolderHosts', header: 'ALLOWED VFOLDER HOSTS' },
  { key: 'allowedDockerRegistries', header: 'ALLOWED DOCKER REGISTRIES', format: (value) => listCell(value) },
  { key: 'integrationId', header: 'INTEGRATION ID' },
  { key: 'modifiedAt', header: 'MODIFIED AT' },
];

interface DomainFlags extends ScopeFlags {
  allowedDockerRegistries?: string[];
  integrationId?: string;
  newName?: string;
}

function withPropOptions(command: Command): Command {
  return scopeOptions(command, 'domain', '64')
    .option('--allowed-docker-registries <list>', 'registries, comma-separated', parseList)
    .option('--integration-id <id>', 'an external system id')
    .option('--json', 'print the result as JSON');
}

function props(flags: DomainFlags) {
  return {
    ...scopeProps(flags),
    ...given({ allowedDockerRegistries: flags.allowedDockerRegistries, integrationId: flags.integrationId }),
  };
}

/** `tessera admin domains list|info|add|update|delete|purge`. */
export function registerDomainsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const domains = admin.command('domains').summary('manage domains (superadmin)');

  domains
    .command('list')
    .description('List domains (GraphQL domains).')
    .option('--active <bool>', 'only active (true) or inactive (false) domains', parseBoolean)
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, (flags: { active?: boolean } & JsonFlag) =>
        printList(io, DOMAIN_COLUMNS, 'domains', flags.json, (client) =>
          client.admin.domains.list({ isActive: flags.active }),
        ),
      ),
    );

  domains
    .command('info')
    .description('Show one domain (GraphQL domain).')
    .argument('<name>', 'the domain name')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (name: string, flags: JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `domain "${name}"`, (client) =>
          client.admin.domains.get(name),
        ),
      ),
    );

  withPropOptions(
    domains
      .command('add')
      .description('Create a domain (create_domain).')
      .argument('<name>', 'the new domain name'),
  ).action(
    verbAction(context, async (name: string, flags: DomainFlags) => {
      await mutate(
        io,
        flags.json,
        `creating domain "${name}"`,
        (client) => client.admin.domains.create(name, props(flags)),
        `created domain ${name}`,
      );
    }),
  );

  withPropOptions(
    domains
      .command('update')
      .description('Change a domain (modify_domain).')
      .argument('<name>', 'the domain name'),
  )
    .option('--new-name <name>', 'rename the domain')
    .action(
      verbAction(context, async (name: string, flags: DomainFlags) => {
        const changes = { ...props(flags), ...given({ name: flags.newName }) };
        requireChanges(changes, '--new-name, --description, --active, --total-resource-slots, ...');
        await mutate(
          io,
          flags.json,
          `updating domain "${name}"`,
          (client) => client.admin.domains.modify(name, changes),
          `updated domain ${flags.newName ?? name}`,
        );
      }),
    );

  registerRemoveVerb(domains, context, {
    verb: 'delete',
    description: 'Deactivate a domain (delete_domain); its rows stay.',
    argument: ['<name>', 'the domain name'],
    noun: 'domain',
    past: 'deactivated',
    call: (client, name) => client.admin.domains.delete(name),
  });

  registerRemoveVerb(domains, context, {
    verb: 'purge',
    description: 'Remove a domain for good (purge_domain); refused while users or projects belong to it.',
    argument: ['<name>', 'the domain name'],
    noun: 'domain',
    past: 'purged',
    call: (client, name) => client.admin.domains.purge(name),
  });
}

function listCell(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.join(',') : '-';
}
