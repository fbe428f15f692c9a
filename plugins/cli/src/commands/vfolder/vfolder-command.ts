import { BackendAPIError } from '@tessera/client';
import type { Command } from 'commander';
import { humanBytes, printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { printRecord, printRows, requireYes, type Column } from '../admin/admin-support';
import { verbAction, type JsonFlag } from '../admin/admin-verbs';
import { apiClient } from '../../api-client';
import { CommandFailure } from '../../cli-errors';
import { followToEnd } from '../background-task';
import { registerCloneVerb } from './clone-verb';
import { registerFileVerbs } from './file-verbs';
import { registerSharingVerbs } from './sharing-verbs';
import { registerTransferVerbs } from './transfer-verbs';
import { parseByteSize, parsePermission, parseUsageMode } from './vfolder-options';
import { report, vfolders } from './vfolder-support';

const HELP = `
Examples:
  $ tessera vfolder create mydata
  $ tessera vfolder upload mydata ./train.csv
  $ tessera vfolder ls mydata
  $ tessera vfolder download mydata train.csv
  $ tessera run --rm -m mydata -c 'print(open("/home/work/mydata/train.csv").read())' python

Uploads and downloads resume: after Ctrl-C (or a lost connection), run the same command again.`;

const LIST_COLUMNS: readonly Column[] = [
  { key: 'name', header: 'NAME' },
  { key: 'id', header: 'ID' },
  { key: 'host', header: 'HOST' },
  { key: 'usage_mode', header: 'USAGE MODE' },
  { key: 'permission', header: 'PERMISSION' },
  { key: 'ownership_type', header: 'OWNERSHIP' },
  { key: 'status', header: 'STATUS' },
  { key: 'created_at', header: 'CREATED' },
];

const INFO_COLUMNS: readonly Column[] = [
  { key: 'name', header: 'Name' },
  { key: 'id', header: 'ID' },
  { key: 'host', header: 'Host' },
  { key: 'status', header: 'Status' },
  { key: 'usage_mode', header: 'Usage mode' },
  { key: 'permission', header: 'Permission' },
  { key: 'is_owner', header: 'Owner' },
  { key: 'type', header: 'Ownership' },
  { key: 'cloneable', header: 'Cloneable' },
  { key: 'num_files', header: 'Files' },
  { key: 'used_bytes', header: 'Used', format: sizeCell },
  { key: 'max_size', header: 'Quota' },
  { key: 'created_at', header: 'Created' },
];

interface CreateFlags extends JsonFlag {
  group?: string;
  usageMode?: 'general' | 'data' | 'model';
  permission?: 'ro' | 'rw' | 'wd';
  quota?: number;
  cloneable?: boolean;
}

/**
 * `tessera vfolder <verb>`: virtual folders, after Backend.AI's `vfolder` group. Tables for people,
 * `--json` for scripts; uploads and downloads with a progress bar that resume after an interruption.
 */
export function registerVfolderCommand(program: Command, context: CommandContext): void {
  const { io } = context;
  const group = program
    .command('vfolder')
    .alias('vfolders')
    .description('Virtual folders: create, list, share, and move files in and out (resumable)')
    .addHelpText('after', HELP);

  group
    .command('list')
    .description('The folders this keypair owns, was invited to, or reaches through a project')
    .option('-g, --group <id>', 'only project folders of this project (user folders are listed too)')
    .option('-a, --all', 'every folder (superadmin)')
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, async (flags: JsonFlag & { group?: string; all?: boolean }) => {
        const list = await (await vfolders(io)).list({ groupId: flags.group, all: flags.all });
        printRows(io, list, LIST_COLUMNS, { json: flags.json, what: 'folders' });
      }),
    );

  group
    .command('hosts')
    .alias('list-hosts')
    .description('The storage hosts (<proxy>:<volume>) this keypair may create folders on, and the default')
    .option('--json', 'print the answer as JSON')
    .action(
      verbAction(context, async (flags: JsonFlag) => {
        const hosts = await (await vfolders(io)).hosts();
        if (flags.json) return printJson(io, hosts);
        const rows = hosts.allowed.map((host) => ({
          host,
          default: host === hosts.default ? 'yes' : '',
          backend: hosts.volume_info?.[host]?.backend,
          capabilities: hosts.volume_info?.[host]?.capabilities?.join(','),
        }));
        printRows(
          io,
          rows,
          [
            { key: 'host', header: 'HOST' },
            { key: 'default', header: 'DEFAULT' },
            { key: 'backend', header: 'BACKEND' },
            { key: 'capabilities', header: 'CAPABILITIES' },
          ],
          { what: 'allowed hosts' },
        );
      }),
    );

  group
    .command('create')
    .description('Create a folder (a project folder with --group)')
    .argument('<name>', 'the folder name (a leading dot makes it mount in every session of yours)')
    .argument('[host]', "the storage host, <proxy>:<volume> (default: the manager's default)")
    .option('-g, --group <project>', 'make it a project folder of this project (id or name)')
    .option('-m, --usage-mode <mode>', 'general, data or model', parseUsageMode)
    .option('-p, --permission <perm>', 'what it is shared with: ro, rw or wd (default rw)', parsePermission)
    .option('-q, --quota <size>', 'a size limit, e.g. 10g', parseByteSize)
    .option('--cloneable', 'allow others to clone it')
    .option('--json', 'print the created folder as JSON')
    .action(
      verbAction(context, async (name: string, host: string | undefined, flags: CreateFlags) => {
        const created = await (
          await vfolders(io)
        ).create(name, {
          host,
          group: flags.group,
          usageMode: flags.usageMode,
          permission: flags.permission,
          quota: flags.quota,
          cloneable: flags.cloneable,
        });
        report(io, flags.json, `created folder ${created.name} (${created.id}) on ${created.host}`, created);
      }),
    );

  group
    .command('info')
    .description('One folder: where it lives, who owns it, what it holds')
    .argument('<name>', 'the folder name')
    .option('--json', 'print the answer as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag) => {
        const info = await (await vfolders(io)).info(name);
        if (flags.json) return printJson(io, info);
        printRecord(io, info, INFO_COLUMNS, false);
      }),
    );

  group
    .command('usage')
    .description('Bytes and files in a folder')
    .argument('<name>', 'the folder name')
    .option('--json', 'print {used_bytes, file_count, limit_bytes} as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag) => {
        const api = await vfolders(io);
        const info = await api.info(name);
        let usage: { used_bytes?: number; file_count?: number; limit_bytes?: number | null };
        try {
          usage = await api.usage(info.host, info.id);
        } catch (error) {
          // The usage endpoint is for superadmins upstream; the folder's own info carries the same figures.
          if (!(error instanceof BackendAPIError) || error.status !== 403) throw error;
          usage = {
            used_bytes: info.used_bytes,
            file_count: info.num_files,
            limit_bytes: info.max_size ?? null,
          };
        }
        if (flags.json) return printJson(io, usage);
        const limit = usage.limit_bytes ? ` of ${humanBytes(usage.limit_bytes)}` : '';
        io.stdout.write(
          `${name}: ${sizeCell(usage.used_bytes)}${limit} in ${usage.file_count ?? '?'} files\n`,
        );
      }),
    );

  group
    .command('delete')
    .alias('trash')
    .description('Move a folder to the trash ("restore" brings it back, "purge" deletes it for good)')
    .argument('<name>', 'the folder name')
    .option('--json', 'print {name, status} as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag) => {
        await (await vfolders(io)).delete(name);
        report(io, flags.json, `moved folder ${name} to the trash`, { name, status: 'trashed' });
      }),
    );

  group
    .command('restore')
    .alias('recover')
    .description('Bring a folder back from the trash')
    .argument('<name>', 'the folder name or id')
    .option('--json', 'print {name, status} as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag) => {
        await (await vfolders(io)).restore(name);
        report(io, flags.json, `restored folder ${name}`, { name, status: 'restored' });
      }),
    );

  group
    .command('purge')
    .alias('delete-forever')
    .description('Delete a folder in the trash and everything in it for good, then forget it')
    .argument('<name>', 'the folder name or id')
    .option('-y, --yes', 'confirm: this cannot be undone')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--json', 'print {name, status} as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag & { yes?: boolean; quiet?: boolean }) => {
        requireYes(flags, `folder "${name}" and its files`);
        const client = await apiClient(io);
        const id = await client.vfolders.resolveId(name);
        const { bgtaskId } = await client.vfolders.deleteForever(id);
        if (bgtaskId) {
          const last = await followToEnd(client, bgtaskId, io, flags.quiet === true || flags.json === true);
          if (last?.event !== 'bgtask_done') {
            const outcome = String(last?.event ?? 'stream ended').replace('bgtask_', '');
            throw new CommandFailure(
              `deleting folder ${name} ${outcome}: ${last?.data.message ?? 'no final event'}`,
            );
          }
        }
        // The data is gone; the record stays in the trash as "deleted" until purged.
        await client.vfolders.purge(id);
        report(io, flags.json, `deleted folder ${name} for good`, { name, status: 'purged' });
      }),
    );

  group
    .command('rename')
    .description('Rename a folder')
    .argument('<name>', 'the folder name')
    .argument('<new-name>', 'its new name')
    .option('--json', 'print {name, new_name} as JSON')
    .action(
      verbAction(context, async (name: string, newName: string, flags: JsonFlag) => {
        await (await vfolders(io)).rename(name, newName);
        report(io, flags.json, `renamed folder ${name} to ${newName}`, { name, new_name: newName });
      }),
    );

  registerFileVerbs(group, context);
  registerTransferVerbs(group, context);
  registerSharingVerbs(group, context);
  registerCloneVerb(group, context);
}

function sizeCell(value: unknown): string {
  return typeof value === 'number' ? humanBytes(value) : '-';
}
