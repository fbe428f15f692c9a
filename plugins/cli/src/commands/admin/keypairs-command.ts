import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import type { CommandContext } from '../../command-context';
import { printJson } from '../../cli-output';
import { EXIT } from '../../failure-report';
import {
  mutate,
  pageOptions,
  printOne,
  printPage,
  registerRemoveVerb,
  verbAction,
  type JsonFlag,
  type PageFlags,
} from './admin-verbs';
import {
  expectOk,
  given,
  parseBoolean,
  parseWhole,
  requireChanges,
  snakeKeys,
  type Column,
} from './admin-support';

export const KEYPAIR_COLUMNS: Column[] = [
  { key: 'userId', header: 'EMAIL' },
  { key: 'accessKey', header: 'ACCESS KEY' },
  { key: 'isActive', header: 'ACTIVE' },
  { key: 'isAdmin', header: 'ADMIN' },
  { key: 'resourcePolicy', header: 'RESOURCE POLICY' },
  { key: 'rateLimit', header: 'RATE LIMIT' },
  { key: 'concurrencyUsed', header: 'SESSIONS' },
  { key: 'lastUsed', header: 'LAST USED' },
  { key: 'createdAt', header: 'CREATED AT' },
];

const INFO_COLUMNS: Column[] = [
  ...KEYPAIR_COLUMNS,
  { key: 'numQueries', header: 'NUM QUERIES' },
  { key: 'user', header: 'USER UUID' },
];

interface KeypairFlags {
  active?: boolean;
  admin?: boolean;
  resourcePolicy?: string;
  rateLimit?: number;
  json?: boolean;
}

/** `tessera admin keypairs list|info|add|update|delete`. */
export function registerKeypairsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const keypairs = admin.command('keypairs').summary('manage keypairs');

  const list = keypairs
    .command('list')
    .description('List keypairs (GraphQL keypair_list), a page at a time; secret keys are never listed.')
    .option('-e, --email <email>', "only this user's keypairs")
    .option('-d, --domain <domain>', 'only this domain')
    .option('--active <bool>', 'only active (true) or inactive (false) keypairs', parseBoolean);
  pageOptions(list, 'keypairs', '"-created_at" or "+email"').action(
    verbAction(context, (flags: { email?: string; domain?: string; active?: boolean } & PageFlags) =>
      printPage(io, KEYPAIR_COLUMNS, 'keypairs', flags, (client, page) =>
        client.admin.keypairs.page({
          email: flags.email,
          domainName: flags.domain,
          isActive: flags.active,
          ...page,
        }),
      ),
    ),
  );

  keypairs
    .command('info')
    .description('Show one keypair (GraphQL keypair); without an access key, your own.')
    .argument('[access-key]', 'the access key')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (accessKey: string | undefined, flags: JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `keypair "${accessKey ?? '(yours)'}"`, (client) =>
          client.admin.keypairs.get(accessKey),
        ),
      ),
    );

  keypairs
    .command('add')
    .description(
      'Create a keypair for a user (create_keypair); prints the access key and, this once, the secret key.',
    )
    .argument('<email>', "the owner's e-mail")
    .option('--resource-policy <name>', 'its keypair resource policy', 'default')
    .option('--rate-limit <n>', 'requests per 15 minutes', parseWhole(1), 5000)
    .option('--admin', 'an admin keypair')
    .option('--inactive', 'create it inactive')
    .option('--json', 'print the result as JSON (with the secret key)')
    .action(
      async (
        email: string,
        flags: {
          resourcePolicy: string;
          rateLimit: number;
          admin?: boolean;
          inactive?: boolean;
          json?: boolean;
        },
      ) => {
        const result = expectOk(
          await (
            await apiClient(io)
          ).admin.keypairs.create(email, {
            resourcePolicy: flags.resourcePolicy,
            rateLimit: flags.rateLimit,
            isAdmin: flags.admin ?? false,
            isActive: !flags.inactive,
          }),
          `creating a keypair for "${email}"`,
        );
        if (flags.json) {
          printJson(io, snakeKeys(result));
        } else {
          io.stdout.write(
            `created a keypair for ${email}\naccess key: ${result.keypair?.accessKey ?? '?'}\n`,
          );
          if (result.keypair?.secretKey) {
            io.stdout.write(`secret key: ${result.keypair.secretKey}\n`);
            io.stderr.write('(the secret key is shown this once: keep it somewhere safe)\n');
          }
        }
        context.finish(EXIT.ok);
      },
    );

  keypairs
    .command('update')
    .description('Change a keypair (modify_keypair).')
    .argument('<access-key>', 'the access key')
    .option('--active <bool>', 'activate (true) or deactivate (false)', parseBoolean)
    .option('--admin <bool>', 'make it an admin keypair or not (true/false)', parseBoolean)
    .option('--resource-policy <name>', 'its keypair resource policy')
    .option('--rate-limit <n>', 'requests per 15 minutes', parseWhole(1))
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (accessKey: string, flags: KeypairFlags) => {
        const changes = given({
          isActive: flags.active,
          isAdmin: flags.admin,
          resourcePolicy: flags.resourcePolicy,
          rateLimit: flags.rateLimit,
        });
        requireChanges(changes, '--active, --admin, --resource-policy, --rate-limit');
        await mutate(
          io,
          flags.json,
          `updating keypair "${accessKey}"`,
          (client) => client.admin.keypairs.modify(accessKey, changes),
          `updated keypair ${accessKey}`,
        );
      }),
    );

  registerRemoveVerb(keypairs, context, {
    verb: 'delete',
    description: "Delete a keypair (delete_keypair); a user's main keypair cannot be deleted.",
    argument: ['<access-key>', 'the access key'],
    noun: 'keypair',
    past: 'deleted',
    call: (client, accessKey) => client.admin.keypairs.delete(accessKey),
  });
}
