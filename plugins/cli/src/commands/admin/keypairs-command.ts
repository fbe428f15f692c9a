import type { Command } from 'commander';
import type { Client } from '@tessera/client';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
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

/** `tessera admin keypairs list|info|add|update|rotate|delete`. */
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

  keypairs
    .command('rotate')
    .description(
      'Replace a keypair with a new one of the same owner, resource policy, rate limit and admin flag: the new one ' +
        "becomes the user's main keypair if the old one was, then the old one is deactivated (or deleted with " +
        '--delete-old). Prints the new access key and, this once, its secret key.',
    )
    .argument('<access-key>', 'the access key to retire')
    .option('--delete-old', 'delete the old keypair instead of deactivating it')
    .option('--json', 'print the new keypair as JSON (with the secret key)')
    .action(
      verbAction(context, async (accessKey: string, flags: { deleteOld?: boolean; json?: boolean }) => {
        const rotated = await rotateKeypair(await apiClient(io), accessKey, flags.deleteOld ?? false);
        if (flags.json) {
          printJson(io, snakeKeys(rotated));
          return;
        }
        io.stdout.write(
          `rotated keypair ${accessKey} of ${rotated.userId}: the old one is ${rotated.old}` +
            `${rotated.isMain ? ', the new one is the main keypair' : ''}\n` +
            `access key: ${rotated.accessKey}\nsecret key: ${rotated.secretKey}\n`,
        );
        io.stderr.write('(the secret key is shown this once: keep it somewhere safe)\n');
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

/** What `rotate` did: the new keypair and what became of the old one. */
interface Rotation {
  userId: string;
  accessKey: string;
  secretKey: string;
  isMain: boolean;
  old: 'deactivated' | 'deleted';
}

/**
 * Creates the replacement, moves the main-keypair mark to it, then retires the old keypair: in
 * this order, so that a failure midway leaves the owner with a working keypair, and the error says
 * what is already done.
 */
async function rotateKeypair(client: Client, accessKey: string, deleteOld: boolean): Promise<Rotation> {
  const old = await client.admin.keypairs.get(accessKey, {
    fields: ['user_id', 'access_key', 'is_admin', 'resource_policy', 'rate_limit', 'is_main'],
  });
  if (!old?.userId) throw new CommandFailure(`keypair "${accessKey}" not found`);
  const userId = old.userId;
  const created = expectOk(
    await client.admin.keypairs.create(userId, {
      resourcePolicy: old.resourcePolicy ?? 'default',
      rateLimit: old.rateLimit ?? 5000,
      isAdmin: old.isAdmin ?? false,
      isActive: true,
    }),
    `creating the new keypair for "${userId}"`,
  ).keypair;
  if (!created?.accessKey || !created.secretKey)
    throw new CommandFailure(`creating the new keypair for "${userId}" answered no access and secret key`);
  const fresh = { accessKey: created.accessKey, secretKey: created.secretKey };
  const midway = (step: string) =>
    `; the new keypair ${fresh.accessKey} (secret key ${fresh.secretKey}) exists, ${step}`;
  if (old.isMain) {
    const made = await client.admin.users.modify(userId, { mainAccessKey: fresh.accessKey });
    if (!made.ok)
      throw new CommandFailure(
        `making ${fresh.accessKey} the main keypair of "${userId}" failed: ${made.msg}` +
          midway(`and ${accessKey} is still the active main keypair`),
      );
  }
  const retired = deleteOld
    ? await client.admin.keypairs.delete(accessKey)
    : await client.admin.keypairs.modify(accessKey, { isActive: false });
  if (!retired.ok)
    throw new CommandFailure(
      `${deleteOld ? 'deleting' : 'deactivating'} the old keypair ${accessKey} failed: ${retired.msg}` +
        midway(`but ${accessKey} is still active`),
    );
  return { userId, ...fresh, isMain: old.isMain ?? false, old: deleteOld ? 'deleted' : 'deactivated' };
}
