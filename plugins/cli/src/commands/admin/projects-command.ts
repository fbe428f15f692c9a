import type { Client, Project } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import type { CommandContext } from '../../command-context';
import {
  expectOk,
  given,
  isUuid,
  parseBoolean,
  parseList,
  reportDone,
  requireChanges,
  requireYes,
  slotsColumn,
  type Column,
} from './admin-support';
import {
  mutate,
  printList,
  printOne,
  scopeOptions,
  scopeProps,
  verbAction,
  type JsonFlag,
  type ScopeFlags,
} from './admin-verbs';

export const PROJECT_COLUMNS: Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'name', header: 'NAME' },
  { key: 'domainName', header: 'DOMAIN' },
  { key: 'isActive', header: 'ACTIVE' },
  { key: 'description', header: 'DESCRIPTION' },
  slotsColumn('totalResourceSlots', 'TOTAL RESOURCE SLOTS'),
  { key: 'createdAt', header: 'CREATED AT' },
];

const INFO_COLUMNS: Column[] = [
  ...PROJECT_COLUMNS,
  { key: 'allowedVfolderHosts', header: 'ALLOWED VFOLDER HOSTS' },
  { key: 'integrationId', header: 'INTEGRATION ID' },
  {
    key: 'scalingGroups',
    header: 'RESOURCE GROUPS',
    format: (v) => (Array.isArray(v) && v.length ? v.join(',') : '-'),
  },
  { key: 'modifiedAt', header: 'MODIFIED AT' },
];

interface ProjectFlags extends ScopeFlags {
  integrationId?: string;
  resourcePolicy?: string;
  name?: string;
  domain?: string;
  addUsers?: string[];
  removeUsers?: string[];
}

function withPropOptions(command: Command): Command {
  return scopeOptions(command, 'project', '16')
    .option('--integration-id <id>', 'an external system id')
    .option('--resource-policy <name>', 'a project resource policy')
    .option('--json', 'print the result as JSON');
}

function props(flags: ProjectFlags) {
  return {
    ...scopeProps(flags),
    ...given({ integrationId: flags.integrationId, resourcePolicy: flags.resourcePolicy }),
  };
}

/** A project by id, or by name (within `--domain` when several domains have one of that name). */
export async function resolveProject(client: Client, reference: string, domain?: string): Promise<Project> {
  if (isUuid(reference)) {
    const found = await client.admin.projects.get(reference, { domainName: domain });
    if (!found) throw new CommandFailure(`project "${reference}" not found`);
    return found;
  }
  const found = await client.admin.projects.getByName(reference, { domainName: domain });
  if (found.length === 0)
    throw new CommandFailure(`project "${reference}" not found${domain ? ` in domain "${domain}"` : ''}`);
  if (found.length > 1) {
    const domains = found.map((project) => project.domainName).join(', ');
    throw new CommandFailure(
      `several domains have a project "${reference}" (${domains}); pick one with --domain`,
    );
  }
  return found[0]!;
}

/** User UUIDs for `--add-users` / `--remove-users`: UUIDs as given, e-mails looked up. */
async function userUuids(client: Client, references: string[], flag: string): Promise<string[]> {
  const uuids: string[] = [];
  for (const reference of references) {
    if (isUuid(reference)) {
      uuids.push(reference);
      continue;
    }
    const user = await client.admin.users.get(reference, { fields: ['uuid'] });
    if (!user?.uuid)
      throw new CommandFailure(`${flag}: there is no user "${reference}" (give e-mails or user UUIDs)`);
    uuids.push(user.uuid);
  }
  return uuids;
}

/** `tessera admin projects list|info|add|update|delete|purge` (Backend.AI's groups). */
export function registerProjectsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const projects = admin.command('projects').summary('manage projects (groups) and their members');

  projects
    .command('list')
    .description('List projects (GraphQL groups).')
    .option('-d, --domain <domain>', 'only this domain')
    .option('--active <bool>', 'only active (true) or inactive (false) projects', parseBoolean)
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, (flags: { domain?: string; active?: boolean } & JsonFlag) =>
        printList(io, PROJECT_COLUMNS, 'projects', flags.json, (client) =>
          client.admin.projects.list({ domainName: flags.domain, isActive: flags.active }),
        ),
      ),
    );

  projects
    .command('info')
    .description('Show one project (GraphQL group, or groups_by_name for a name).')
    .argument('<project>', 'the project id or name')
    .option('-d, --domain <domain>', 'the domain of a project given by name')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (reference: string, flags: { domain?: string } & JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `project "${reference}"`, (client) =>
          resolveProject(client, reference, flags.domain),
        ),
      ),
    );

  withPropOptions(
    projects
      .command('add')
      .description('Create a project (create_group).')
      .argument('<domain>', 'the domain it belongs to')
      .argument('<name>', 'the new project name'),
  ).action(
    verbAction(context, async (domain: string, name: string, flags: ProjectFlags) => {
      await mutate(
        io,
        flags.json,
        `creating project "${name}"`,
        (client) => client.admin.projects.create(name, { domainName: domain, ...props(flags) }),
        (result) => `created project ${name} in domain ${domain} (id ${result.group?.id ?? '?'})`,
      );
    }),
  );

  withPropOptions(
    projects
      .command('update')
      .description('Change a project (modify_group); --add-users / --remove-users change its members.')
      .argument('<project>', 'the project id or name'),
  )
    .option('-d, --domain <domain>', 'the domain of a project given by name')
    .option('--name <name>', 'rename the project')
    .option('--add-users <users>', 'add members: e-mails or user UUIDs, comma-separated', parseList)
    .option('--remove-users <users>', 'remove members: e-mails or user UUIDs, comma-separated', parseList)
    .action(
      verbAction(context, async (reference: string, flags: ProjectFlags) => {
        const client = await apiClient(io);
        const changes = { ...props(flags), ...given({ name: flags.name }) };
        if (Object.keys(changes).length === 0 && !flags.addUsers && !flags.removeUsers) {
          requireChanges(changes, '--name, --description, --active, --add-users, --remove-users, ...');
        }
        const project = await resolveProject(client, reference, flags.domain);
        const label = `project "${project.name ?? reference}"`;
        const results = [];
        if (Object.keys(changes).length > 0) {
          results.push(
            expectOk(await client.admin.projects.modify(project.id, changes), `updating ${label}`),
          );
        }
        if (flags.addUsers) {
          const uuids = await userUuids(client, flags.addUsers, '--add-users');
          results.push(
            expectOk(await client.admin.projects.addMembers(project.id, uuids), `adding members to ${label}`),
          );
        }
        if (flags.removeUsers) {
          const uuids = await userUuids(client, flags.removeUsers, '--remove-users');
          results.push(
            expectOk(
              await client.admin.projects.removeMembers(project.id, uuids),
              `removing members from ${label}`,
            ),
          );
        }
        reportDone(io, flags.json, `updated ${label}`, results[results.length - 1]!);
      }),
    );

  for (const [verb, description] of [
    ['delete', 'Deactivate a project (delete_group); its rows stay.'],
    ['purge', 'Remove a project and its memberships for good (purge_group).'],
  ] as const) {
    const command = projects
      .command(verb)
      .description(description)
      .argument('<project>', 'the project id or name')
      .option('-d, --domain <domain>', 'the domain of a project given by name')
      .option('--json', 'print the result as JSON');
    if (verb === 'purge') command.option('-y, --yes', 'confirm: this cannot be undone');
    command.action(
      verbAction(context, async (reference: string, flags: { domain?: string; yes?: boolean } & JsonFlag) => {
        if (verb === 'purge') requireYes(flags, `project "${reference}"`);
        const client = await apiClient(io);
        const project = await resolveProject(client, reference, flags.domain);
        await mutate(
          io,
          flags.json,
          `${verb === 'purge' ? 'purging' : 'deleting'} project "${reference}"`,
          verb === 'purge'
            ? client.admin.projects.purge(project.id)
            : client.admin.projects.delete(project.id),
          `${verb === 'purge' ? 'purged' : 'deactivated'} project ${project.name ?? reference}`,
        );
      }),
    );
  }
}
