import { USER_ROLES, USER_STATUSES, type Client, type UserRole, type UserStatus } from '@tessera/client';
import type { Command } from 'commander';
import { apiClient } from '../../api-client';
import { UsageError } from '../../cli-errors';
import type { CliIo } from '../../cli-io';
import { printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { EXIT } from '../../failure-report';
import { TerminalInput } from '../../terminal-input';
import { ask } from '../login-command';
import {
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
  namesOf,
  parseBoolean,
  parseChoice,
  parseList,
  reportDone,
  requireChanges,
  snakeKeys,
  type Column,
} from './admin-support';

export const USER_COLUMNS: Column[] = [
  { key: 'email', header: 'EMAIL' },
  { key: 'username', header: 'USERNAME' },
  { key: 'role', header: 'ROLE' },
  { key: 'status', header: 'STATUS' },
  { key: 'domainName', header: 'DOMAIN' },
  { key: 'fullName', header: 'FULL NAME' },
  { key: 'groups', header: 'PROJECTS', format: namesOf },
  { key: 'createdAt', header: 'CREATED AT' },
];

const INFO_COLUMNS: Column[] = [
  { key: 'uuid', header: 'UUID' },
  ...USER_COLUMNS,
  { key: 'needPasswordChange', header: 'NEED PASSWORD CHANGE' },
  { key: 'statusInfo', header: 'STATUS INFO' },
  { key: 'description', header: 'DESCRIPTION' },
  { key: 'modifiedAt', header: 'MODIFIED AT' },
];

interface UserFlags {
  domain?: string;
  username?: string;
  fullName?: string;
  role?: UserRole;
  status?: UserStatus;
  needPasswordChange?: boolean;
  groups?: string[];
  description?: string;
  resourcePolicy?: string;
  password?: boolean;
  json?: boolean;
}

function withPropOptions(command: Command): Command {
  return command
    .option('-u, --username <name>', 'user name')
    .option('-n, --full-name <name>', 'full name')
    .option('-r, --role <role>', `one of ${USER_ROLES.join(', ')}`, parseChoice(USER_ROLES))
    .option('-s, --status <status>', `one of ${USER_STATUSES.join(', ')}`, parseChoice(USER_STATUSES))
    .option(
      '--need-password-change <bool>',
      'ask for a new password at next login (true/false)',
      parseBoolean,
    )
    .option(
      '-g, --groups <ids>',
      'project ids, comma-separated (replaces the memberships on update)',
      parseList,
    )
    .option('--description <text>', 'description')
    .option('--resource-policy <name>', 'a user resource policy')
    .option('--json', 'print the result as JSON');
}

function props(flags: UserFlags) {
  return given({
    username: flags.username,
    fullName: flags.fullName,
    role: flags.role,
    status: flags.status,
    needPasswordChange: flags.needPasswordChange,
    groupIds: flags.groups,
    description: flags.description,
    resourcePolicy: flags.resourcePolicy,
  });
}

/** A new password: typed twice without echo on a terminal, one line from a pipe. */
async function readNewPassword(io: CliIo): Promise<string> {
  const input = new TerminalInput(io);
  try {
    const password = await ask(io, input, 'Password: ', true);
    if (password === '') throw new UsageError('the password must not be empty');
    if (io.stdin.isTTY && (await ask(io, input, 'Password again: ', true)) !== password) {
      throw new UsageError('the two passwords differ');
    }
    return password;
  } finally {
    input.close();
  }
}

/** `tessera admin users list|info|add|update|delete|purge`. */
export function registerUsersCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const users = admin.command('users').summary('manage users');

  const list = users
    .command('list')
    .description('List users (GraphQL user_list), a page at a time.')
    .option('-d, --domain <domain>', 'only this domain')
    .option('-g, --group <id>', 'only members of this project (its id)')
    .option(
      '-s, --status <status>',
      `only this status: ${USER_STATUSES.join(', ')}`,
      parseChoice(USER_STATUSES),
    )
    .option('--active <bool>', 'only active (true) or inactive (false) users', parseBoolean)
    .option('--search <text>', 'only users whose e-mail, username or full name contains it');
  pageOptions(list, 'users', '"+email" or "-created_at"').action(
    verbAction(
      context,
      (
        flags: {
          domain?: string;
          group?: string;
          status?: UserStatus;
          active?: boolean;
          search?: string;
        } & PageFlags,
      ) =>
        printPage(io, USER_COLUMNS, 'users', flags, (client, page) =>
          client.admin.users.page({
            domainName: flags.domain,
            groupId: flags.group,
            status: flags.status,
            isActive: flags.active,
            search: flags.search,
            ...page,
          }),
        ),
    ),
  );

  users
    .command('info')
    .description('Show one user (GraphQL user); without an e-mail, yourself.')
    .argument('[email]', "the user's e-mail")
    .option('-d, --domain <domain>', 'the domain to look in')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (email: string | undefined, flags: { domain?: string } & JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `user "${email ?? '(you)'}"`, (client) =>
          client.admin.users.get(email, { domainName: flags.domain }),
        ),
      ),
    );

  withPropOptions(
    users
      .command('add')
      .description(
        'Create a user and its keypair (create_user); the password is asked for (no echo), or read as one line from a pipe. ' +
          'Prints the new access key and, this once, the secret key.',
      )
      .argument('<email>', "the new user's e-mail")
      .requiredOption('-d, --domain <domain>', 'the domain the user belongs to'),
  ).action(async (email: string, flags: UserFlags) => {
    const password = await readNewPassword(io);
    const client = await apiClient(io);
    const result = expectOk(
      await client.admin.users.create(email, {
        username: flags.username ?? email,
        password,
        needPasswordChange: flags.needPasswordChange ?? false,
        domainName: flags.domain!,
        ...props(flags),
      }),
      `creating user "${email}"`,
    );
    const keypair = await newKeypairOf(client, email);
    if (flags.json) {
      printJson(io, {
        ok: true,
        msg: result.msg,
        user: snakeKeys(result.user),
        keypair: snakeKeys(keypair ?? null),
      });
    } else {
      io.stdout.write(`created user ${email} (uuid ${result.user?.uuid ?? '?'}) in domain ${flags.domain}\n`);
      if (keypair?.accessKey) io.stdout.write(`access key: ${keypair.accessKey}\n`);
      if (keypair?.secretKey) {
        io.stdout.write(`secret key: ${keypair.secretKey}\n`);
        io.stderr.write('(the secret key is shown this once: keep it somewhere safe)\n');
      } else
        io.stderr.write(
          '(the manager did not show the new secret key; create a keypair with tessera admin keypairs add)\n',
        );
    }
    context.finish(EXIT.ok);
  });

  withPropOptions(
    users
      .command('update')
      .description('Change a user (modify_user).')
      .argument('<email>', "the user's e-mail"),
  )
    .option('-d, --domain <domain>', 'move the user to this domain')
    .option('-p, --password', 'set a new password (asked for, no echo; or one line from a pipe)')
    .option('--main-access-key <access-key>', "make another of the user's own active keypairs its main one")
    .action(
      verbAction(context, async (email: string, flags: UserFlags & { mainAccessKey?: string }) => {
        const changes = {
          ...props(flags),
          ...given({ domainName: flags.domain, mainAccessKey: flags.mainAccessKey }),
        };
        if (flags.password) Object.assign(changes, { password: await readNewPassword(io) });
        requireChanges(
          changes,
          '--password, --username, --full-name, --role, --status, --groups, --main-access-key, ...',
        );
        const result = expectOk(
          await (await apiClient(io)).admin.users.modify(email, changes),
          `updating user "${email}"`,
        );
        reportDone(io, flags.json, `updated user ${email}`, { ok: result.ok, msg: result.msg });
      }),
    );

  registerRemoveVerb(users, context, {
    verb: 'delete',
    description: 'Mark a user deleted and deactivate its keypairs (delete_user); the rows stay.',
    argument: ['<email>', "the user's e-mail"],
    noun: 'user',
    past: 'deleted',
    call: (client, email) => client.admin.users.delete(email),
  });

  registerRemoveVerb(users, context, {
    verb: 'purge',
    description: 'Remove a user, its keypairs and memberships for good (purge_user).',
    argument: ['<email>', "the user's e-mail"],
    noun: 'user',
    past: 'purged',
    options: (command) =>
      command.option('--purge-shared-vfolders', 'also delete the folders the user shared'),
    call: (client, email, flags: { purgeSharedVfolders?: boolean } & JsonFlag) =>
      client.admin.users.purge(email, { purgeSharedVfolders: flags.purgeSharedVfolders }),
  });
}

/** The keypair create_user made: the user's only one. */
async function newKeypairOf(client: Client, email: string) {
  const keypairs = await client.admin.keypairs.list({ email, fields: ['access_key', 'secret_key'] });
  return keypairs[0];
}
