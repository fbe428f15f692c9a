import type { Command } from 'commander';
import { DEFAULT_ADMIN_SESSION_FIELDS, type Client } from '@tessera/client';
import { apiClient } from '../../api-client';
import { CommandFailure, UsageError } from '../../cli-errors';
import type { CommandContext } from '../../command-context';
import { pageOptions, printOne, verbAction, type JsonFlag, type PageFlags } from './admin-verbs';
import { isUuid, printRows, slotsColumn, type Column } from './admin-support';

export const ADMIN_SESSION_COLUMNS: Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'name', header: 'NAME' },
  { key: 'status', header: 'STATUS' },
  { key: 'userEmail', header: 'OWNER' },
  { key: 'accessKey', header: 'ACCESS KEY' },
  { key: 'domainName', header: 'DOMAIN' },
  { key: 'groupName', header: 'PROJECT' },
  { key: 'scalingGroup', header: 'RESOURCE GROUP' },
  { key: 'image', header: 'IMAGE' },
  slotsColumn('occupiedSlots', 'OCCUPIED'),
  { key: 'createdAt', header: 'CREATED AT' },
];

const INFO_COLUMNS: Column[] = [
  ...ADMIN_SESSION_COLUMNS,
  { key: 'type', header: 'TYPE' },
  { key: 'statusInfo', header: 'STATUS INFO' },
  { key: 'statusChanged', header: 'STATUS CHANGED' },
  { key: 'terminatedAt', header: 'TERMINATED AT' },
  { key: 'clusterMode', header: 'CLUSTER MODE' },
  { key: 'clusterSize', header: 'CLUSTER SIZE' },
  { key: 'tag', header: 'TAG' },
  { key: 'result', header: 'RESULT' },
  slotsColumn('requestedSlots', 'REQUESTED'),
  { key: 'containers', header: 'CONTAINERS', format: containerCells },
];

/** What `info` asks for: the SDK's default fields and what only one session's view shows. */
const INFO_FIELDS = [
  ...DEFAULT_ADMIN_SESSION_FIELDS,
  'cluster_mode',
  'tag',
  'result',
  'requested_slots',
  'containers { id role status agent }',
];

/** `main:RUNNING@agent-1, sub:...`: a session's containers for people. */
function containerCells(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '-';
  return value
    .map((item) => {
      const container = item as { id?: unknown; role?: unknown; status?: unknown; agent?: unknown };
      const where = container.agent ? `@${String(container.agent)}` : '';
      return `${String(container.role)}:${String(container.status)}${where}`;
    })
    .join(', ');
}

interface SessionListFlags extends PageFlags {
  status?: string;
  accessKey?: string;
  email?: string;
  project?: string;
  domain?: string;
}

/** `tessera admin sessions list|info`: every user's sessions as the caller's role may see them. */
export function registerSessionsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const sessions = admin
    .command('sessions')
    .summary("inspect every user's compute sessions")
    .description(
      'Compute sessions of all users (GraphQL compute_session_list): superadmins see every domain, domain admins their own.',
    );

  const list = sessions
    .command('list')
    .description('List sessions, newest first, a page at a time.')
    .option(
      '-s, --status <statuses>',
      'only these statuses, comma-separated (e.g. RUNNING,PENDING); default every status',
    )
    .option('--access-key <key>', "only this keypair's sessions")
    .option(
      '-e, --email <email>',
      "only this user's sessions (its one keypair; use --access-key when it has several)",
    )
    .option('-p, --project <id-or-name>', 'only this project (an id, or a name within --domain)')
    .option('-d, --domain <domain>', 'superadmins: only this domain');
  pageOptions(list, 'sessions', '"-created_at" or "+name"').action(
    verbAction(context, async (flags: SessionListFlags) => {
      if (flags.email !== undefined && flags.accessKey !== undefined) {
        throw new UsageError('give --email or --access-key, not both');
      }
      const client = await apiClient(io);
      const accessKey =
        flags.email !== undefined ? await soleAccessKey(client, flags.email) : flags.accessKey;
      const groupId =
        flags.project !== undefined ? await projectId(client, flags.project, flags.domain) : undefined;
      const page = await client.admin.sessions.page({
        status: flags.status,
        accessKey,
        domainName: flags.domain,
        groupId,
        order: flags.order,
        limit: flags.limit,
        offset: flags.offset,
      });
      printRows(io, page.items as ReadonlyArray<Record<string, unknown>>, ADMIN_SESSION_COLUMNS, {
        json: flags.json,
        what: 'sessions',
        page: { totalCount: page.totalCount, offset: flags.offset },
      });
    }),
  );

  sessions
    .command('info')
    .description('Show one session (GraphQL compute_session) with its containers.')
    .argument('<session-id>', 'the session id (a UUID)')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, async (sessionId: string, flags: JsonFlag) => {
        if (!isUuid(sessionId))
          throw new UsageError(`<session-id>: expected a session id (a UUID), got "${sessionId}"`);
        await printOne(io, INFO_COLUMNS, flags.json, `session "${sessionId}"`, (client) =>
          client.admin.sessions.get(sessionId, { fields: INFO_FIELDS }),
        );
      }),
    );
}

/** The one keypair of the user with this e-mail (the API filters sessions by keypair, not by user). */
async function soleAccessKey(client: Client, email: string): Promise<string> {
  const keypairs = await client.admin.keypairs.list({ email, fields: ['access_key'] });
  const keys = keypairs.map((keypair) => keypair.accessKey).filter((key): key is string => !!key);
  if (keys.length === 0) throw new CommandFailure(`no keypair of a user "${email}" found`);
  if (keys.length > 1) {
    throw new UsageError(
      `"${email}" has ${keys.length} keypairs (${keys.join(', ')}): choose one with --access-key`,
    );
  }
  return keys[0]!;
}

/** A project id as given, or the id of the one project of that name (in `domain`, else the caller's). */
async function projectId(client: Client, project: string, domain: string | undefined): Promise<string> {
  if (isUuid(project)) return project;
  const found = await client.admin.projects.getByName(project, {
    domainName: domain,
    fields: ['id', 'domain_name'],
  });
  if (found.length === 0) throw new CommandFailure(`project "${project}" not found`);
  if (found.length > 1) {
    const domains = found.map((item) => item.domainName ?? '?').join(', ');
    throw new UsageError(`project "${project}" is in several domains (${domains}): choose one with --domain`);
  }
  return found[0]!.id!;
}
