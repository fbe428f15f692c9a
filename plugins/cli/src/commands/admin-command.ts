import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { registerAgentsCommand } from './admin/agents-command';
import { registerDomainsCommand } from './admin/domains-command';
import { registerImagesCommand } from './admin/images-command';
import { registerKeypairsCommand } from './admin/keypairs-command';
import { registerPolicyCommands } from './admin/policies-command';
import { registerProjectsCommand } from './admin/projects-command';
import { registerRegistriesCommand } from './admin/registries-command';
import { registerResourceGroupsCommand } from './admin/resource-groups-command';
import { registerResourcePresetsCommand } from './admin/resource-presets-command';
import { registerSessionsCommand } from './admin/sessions-command';
import { registerUsersCommand } from './admin/users-command';

const HELP = `
Each area has list and info (tables for people, --json for scripts) and add, update and delete; purge (which cannot
be undone) needs --yes. The keypair used is BACKEND_ACCESS_KEY / BACKEND_SECRET_KEY, else the one "tessera login" kept.

Examples:
  $ tessera admin users list -d default
  $ tessera admin users add bob@example.com -d default -r user
  $ tessera admin projects update research --add-users bob@example.com
  $ tessera admin keypair-resource-policies add small --max-concurrent-sessions 2
  $ tessera admin resource-presets add medium --resource-slots '{"cpu": "2", "mem": "4g"}' --shared-memory 1g`;

/** `tessera admin ...`: the admin GraphQL API's identity areas and resource presets. */
export function registerAdminCommand(program: Command, context: CommandContext): void {
  const admin = program
    .command('admin')
    .summary('administer domains, projects, users, keypairs, resource policies, presets, agents and sessions')
    .description('Administer the cluster through the admin GraphQL API.')
    .addHelpText('after', HELP);
  registerDomainsCommand(admin, context);
  registerProjectsCommand(admin, context);
  registerUsersCommand(admin, context);
  registerKeypairsCommand(admin, context);
  registerPolicyCommands(admin, context);
  registerResourcePresetsCommand(admin, context);
  registerResourceGroupsCommand(admin, context);
  registerAgentsCommand(admin, context);
  registerSessionsCommand(admin, context);
  registerRegistriesCommand(admin, context);
  registerImagesCommand(admin, context);
}
