import type { Client, ContainerRegistry, ContainerRegistryChanges } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { UsageError } from '../../cli-errors';
import type { CliIo } from '../../cli-io';
import { printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import {
  given,
  parseBoolean,
  parseChoice,
  parseList,
  printRows,
  requireChanges,
  snakeKeys,
  type Column,
} from './admin-support';
import { printOne, verbAction, type JsonFlag } from './admin-verbs';

const REGISTRY_TYPES = ['docker', 'harbor', 'harbor2', 'local'] as const;

export const REGISTRY_COLUMNS: Column[] = [
  { key: 'hostname', header: 'HOSTNAME' },
  { key: 'url', header: 'URL' },
  { key: 'type', header: 'TYPE' },
  {
    key: 'project',
    header: 'PROJECT',
    format: (value) => (Array.isArray(value) && value.length ? value.join(',') : '-'),
  },
  { key: 'username', header: 'USERNAME' },
  { key: 'password', header: 'PASSWORD', format: (value) => (value ? String(value) : '-') },
  { key: 'sslVerify', header: 'SSL VERIFY' },
];

/** A registry as one flat record (the SDK nests its settings under `config`). */
function flat(registry: ContainerRegistry): Record<string, unknown> {
  return { hostname: registry.hostname, ...(registry.config ?? {}) };
}

interface RegistryFlags extends JsonFlag {
  url?: string;
  type?: string;
  project?: string[];
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  sslVerify?: boolean;
}

function withPropOptions(command: Command): Command {
  return command
    .option('--url <url>', 'the registry URL, e.g. https://cr.backend.ai')
    .option('--type <type>', `one of ${REGISTRY_TYPES.join(', ')}`, parseChoice(REGISTRY_TYPES))
    .option('--project <names>', 'comma-separated projects (repository namespaces) to scan', parseList)
    .option('--username <name>', 'the user to log in as ("" clears it on update)')
    .option('--password <password>', 'its password ("" clears it on update); prefer --password-stdin')
    .option('--password-stdin', 'read the password from standard input')
    .option('--ssl-verify <bool>', 'verify the registry TLS certificate (true/false)', parseBoolean)
    .option('--json', 'print the registry as JSON');
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function propsOf(io: CliIo, flags: RegistryFlags): Promise<ContainerRegistryChanges> {
  const password = flags.passwordStdin ? await readStdin(io) : flags.password;
  return given({
    url: flags.url,
    type: flags.type,
    project: flags.project,
    username: flags.username,
    password,
    sslVerify: flags.sslVerify,
  });
}

async function printWritten(
  io: CliIo,
  json: boolean | undefined,
  call: (client: Client) => Promise<ContainerRegistry>,
  done: string,
): Promise<void> {
  const registry = await call(await apiClient(io));
  if (json) printJson(io, snakeKeys(registry));
  else io.stdout.write(`${done}\n`);
}

/** `tessera admin registries list|info|add|update|delete` (superadmins only). */
export function registerRegistriesCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const registries = admin
    .command('registries')
    .summary('manage container registries images are scanned from (superadmins)');

  registries
    .command('list')
    .description('List container registries (GraphQL container_registries); passwords show as *****.')
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, async (flags: JsonFlag) => {
        const list = await (await apiClient(io)).admin.containerRegistries.list();
        if (flags.json) printJson(io, snakeKeys(list));
        else printRows(io, list.map(flat), REGISTRY_COLUMNS, { what: 'container registries' });
      }),
    );

  registries
    .command('info')
    .description('Show one container registry (GraphQL container_registry).')
    .argument('<hostname>', 'the registry hostname, e.g. cr.backend.ai')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, async (hostname: string, flags: JsonFlag) => {
        if (flags.json)
          return printOne(io, REGISTRY_COLUMNS, true, `container registry "${hostname}"`, (client) =>
            client.admin.containerRegistries.get(hostname),
          );
        await printOne(io, REGISTRY_COLUMNS, false, `container registry "${hostname}"`, async (client) => {
          const registry = await client.admin.containerRegistries.get(hostname);
          return registry ? flat(registry) : null;
        });
      }),
    );

  withPropOptions(
    registries
      .command('add')
      .description('Add a container registry (create_container_registry); --url and --type are required.')
      .argument('<hostname>', 'the registry hostname images are named after, e.g. cr.backend.ai'),
  ).action(
    verbAction(context, async (hostname: string, flags: RegistryFlags) => {
      if (!flags.url || !flags.type)
        throw new UsageError('--url and --type are required: where the registry is and what kind it is');
      const props = await propsOf(io, flags);
      await printWritten(
        io,
        flags.json,
        (client) =>
          client.admin.containerRegistries.create(hostname, { ...props, url: flags.url!, type: flags.type! }),
        `added container registry ${hostname}`,
      );
    }),
  );

  withPropOptions(
    registries
      .command('update')
      .description('Change a container registry (modify_container_registry).')
      .argument('<hostname>', 'the registry hostname'),
  ).action(
    verbAction(context, async (hostname: string, flags: RegistryFlags) => {
      const changes = await propsOf(io, flags);
      requireChanges(changes, '--url, --type, --project, --username, --password, --ssl-verify');
      await printWritten(
        io,
        flags.json,
        (client) => client.admin.containerRegistries.modify(hostname, changes),
        `updated container registry ${hostname}`,
      );
    }),
  );

  registries
    .command('delete')
    .description('Remove a container registry (delete_container_registry); its images stay.')
    .argument('<hostname>', 'the registry hostname')
    .option('--json', 'print the removed registry as JSON')
    .action(
      verbAction(context, async (hostname: string, flags: JsonFlag) => {
        await printWritten(
          io,
          flags.json,
          (client) => client.admin.containerRegistries.delete(hostname),
          `deleted container registry ${hostname}`,
        );
      }),
    );
}
