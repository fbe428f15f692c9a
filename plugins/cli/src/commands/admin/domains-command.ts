import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import type { CommandContext } from '../../command-context';
import { EXIT } from '../../failure-report';
import {
  expectOk,
  given,
  parseBoolean,
  parseJsonObject,
  parseList,
  printRecord,
  printRows,
  reportDone,
  requireChanges,
  requireYes,
  slotsColumn,
  type Column,
} from './admin-support';

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

interface DomainFlags {
  description?: string;
  active?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: Record<string, unknown>;
  allowedDockerRegistries?: string[];
  integrationId?: string;
  newName?: string;
  json?: boolean;
}

function withPropOptions(command: Command): Command {
  return command
    .option('--description <text>', 'description')
    .option('--active <bool>', 'whether the domain is active (true/false)', parseBoolean)
    .option(
      '--total-resource-slots <json>',
      'resource limit as a JSON object, e.g. \'{"cpu": "64"}\'',
      parseJsonObject,
    )
    .option(
      '--allowed-vfolder-hosts <json>',
      'storage hosts and permissions as a JSON object',
      parseJsonObject,
    )
    .option('--allowed-docker-registries <list>', 'registries, comma-separated', parseList)
    .option('--integration-id <id>', 'an external system id')
    .option('--json', 'print the result as JSON');
}

function props(flags: DomainFlags) {
  return given({
    description: flags.description,
    isActive: flags.active,
    totalResourceSlots: flags.totalResourceSlots,
    allowedVfolderHosts: flags.allowedVfolderHosts,
    allowedDockerRegistries: flags.allowedDockerRegistries,
    integrationId: flags.integrationId,
  });
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
    .action(async (flags: { active?: boolean; json?: boolean }) => {
      const list = await (await apiClient(io)).admin.domains.list({ isActive: flags.active });
      printRows(io, list as unknown as Array<Record<string, unknown>>, DOMAIN_COLUMNS, {
        json: flags.json,
        what: 'domains',
      });
      context.finish(EXIT.ok);
    });

  domains
    .command('info')
    .description('Show one domain (GraphQL domain).')
    .argument('<name>', 'the domain name')
    .option('--json', 'print it as JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const domain = await (await apiClient(io)).admin.domains.get(name);
      if (!domain) throw new CommandFailure(`domain "${name}" not found`);
      printRecord(io, domain as unknown as Record<string, unknown>, INFO_COLUMNS, flags.json);
      context.finish(EXIT.ok);
    });

  withPropOptions(
    domains
      .command('add')
      .description('Create a domain (create_domain).')
      .argument('<name>', 'the new domain name'),
  ).action(async (name: string, flags: DomainFlags) => {
    const result = expectOk(
      await (await apiClient(io)).admin.domains.create(name, props(flags)),
      `creating domain "${name}"`,
    );
    reportDone(io, flags.json, `created domain ${name}`, result);
    context.finish(EXIT.ok);
  });

  withPropOptions(
    domains
      .command('update')
      .description('Change a domain (modify_domain).')
      .argument('<name>', 'the domain name'),
  )
    .option('--new-name <name>', 'rename the domain')
    .action(async (name: string, flags: DomainFlags) => {
      const changes = { ...props(flags), ...given({ name: flags.newName }) };
      requireChanges(changes, '--new-name, --description, --active, --total-resource-slots, ...');
      const result = expectOk(
        await (await apiClient(io)).admin.domains.modify(name, changes),
        `updating domain "${name}"`,
      );
      reportDone(io, flags.json, `updated domain ${flags.newName ?? name}`, result);
      context.finish(EXIT.ok);
    });

  domains
    .command('delete')
    .description('Deactivate a domain (delete_domain); its rows stay.')
    .argument('<name>', 'the domain name')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const result = expectOk(
        await (await apiClient(io)).admin.domains.delete(name),
        `deleting domain "${name}"`,
      );
      reportDone(io, flags.json, `deactivated domain ${name}`, result);
      context.finish(EXIT.ok);
    });

  domains
    .command('purge')
    .description('Remove a domain for good (purge_domain); refused while users or projects belong to it.')
    .argument('<name>', 'the domain name')
    .option('-y, --yes', 'confirm: this cannot be undone')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: { yes?: boolean; json?: boolean }) => {
      requireYes(flags, `domain "${name}"`);
      const result = expectOk(
        await (await apiClient(io)).admin.domains.purge(name),
        `purging domain "${name}"`,
      );
      reportDone(io, flags.json, `purged domain ${name}`, result);
      context.finish(EXIT.ok);
    });
}

function listCell(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.join(',') : '-';
}
