import type { VfolderPermission } from '@tessera/client';
import type { Command } from 'commander';
import { UsageError } from '../../cli-errors';
import { printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { printRows, type Column } from '../admin/admin-support';
import { verbAction, type JsonFlag } from '../admin/admin-verbs';
import { parsePermission } from './vfolder-options';
import { report, vfolders } from './vfolder-support';

const INVITATION_COLUMNS: readonly Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'vfolder_name', header: 'FOLDER' },
  { key: 'inviter', header: 'INVITER' },
  { key: 'invitee', header: 'INVITEE' },
  { key: 'perm', header: 'PERMISSION' },
  { key: 'state', header: 'STATE' },
  { key: 'created_at', header: 'CREATED' },
];

interface PermFlags extends JsonFlag {
  perm: VfolderPermission;
}

/** `invite`, `invitations`, `accept`, `reject`, `share`, `unshare`, `leave`, `shared`. */
export function registerSharingVerbs(group: Command, context: CommandContext): void {
  const { io } = context;

  group
    .command('invite')
    .description('Invite users (by e-mail) to one of your folders')
    .argument('<name>', 'the folder name')
    .argument('<emails...>', 'the invitees')
    .option('-p, --perm <perm>', 'what they may do: ro, rw or wd', parsePermission, 'rw')
    .option('--json', 'print {invited_ids} as JSON')
    .action(
      verbAction(context, async (name: string, emails: string[], flags: PermFlags) => {
        const invited = await (await vfolders(io)).invite(name, emails, flags.perm);
        const skipped = emails.filter((email) => !invited.includes(email));
        const note = skipped.length ? ` (already invited: ${skipped.join(', ')})` : '';
        report(
          io,
          flags.json,
          `invited ${invited.join(', ') || 'nobody'} to ${name} (${flags.perm})${note}`,
          {
            invited_ids: invited,
          },
        );
      }),
    );

  group
    .command('invitations')
    .description('Pending invitations you received (or, with --sent, sent)')
    .option('--sent', 'the invitations you sent that are still pending')
    .option('--json', 'print the invitations as JSON')
    .action(
      verbAction(context, async (flags: JsonFlag & { sent?: boolean }) => {
        const api = await vfolders(io);
        const list = flags.sent ? await api.sentInvitations() : await api.invitations();
        printRows(io, list, INVITATION_COLUMNS, { json: flags.json, what: 'pending invitations' });
      }),
    );

  group
    .command('accept')
    .description('Accept an invitation (its id is in "tessera vfolder invitations")')
    .argument('<invitation-id>', 'the invitation id')
    .option('--json', 'print {id, state} as JSON')
    .action(
      verbAction(context, async (id: string, flags: JsonFlag) => {
        await (await vfolders(io)).acceptInvitation(id);
        report(io, flags.json, `accepted invitation ${id}`, { id, state: 'accepted' });
      }),
    );

  group
    .command('reject')
    .alias('decline')
    .description('Decline an invitation')
    .argument('<invitation-id>', 'the invitation id')
    .option('--json', 'print {id, state} as JSON')
    .action(
      verbAction(context, async (id: string, flags: JsonFlag) => {
        await (await vfolders(io)).rejectInvitation(id);
        report(io, flags.json, `declined invitation ${id}`, { id, state: 'rejected' });
      }),
    );

  group
    .command('update-invitation')
    .description('Change the permission of an invitation you sent that is still pending')
    .argument('<invitation-id>', 'the invitation id')
    .requiredOption('-p, --perm <perm>', 'ro, rw or wd', parsePermission)
    .option('--json', 'print {id, perm} as JSON')
    .action(
      verbAction(context, async (id: string, flags: PermFlags) => {
        await (await vfolders(io)).updateInvitation(id, flags.perm);
        report(io, flags.json, `invitation ${id} now grants ${flags.perm}`, { id, perm: flags.perm });
      }),
    );

  group
    .command('share')
    .description("Share a project folder with users directly, with a permission that overrides the project's")
    .argument('<name>', 'the project folder name')
    .argument('<emails...>', 'the users')
    .option('-p, --perm <perm>', 'ro, rw or wd', parsePermission, 'rw')
    .option('--json', 'print {shared_emails} as JSON')
    .action(
      verbAction(context, async (name: string, emails: string[], flags: PermFlags) => {
        const shared = await (await vfolders(io)).share(name, emails, flags.perm);
        report(io, flags.json, `shared ${name} with ${shared.join(', ') || 'nobody'} (${flags.perm})`, {
          shared_emails: shared,
        });
      }),
    );

  group
    .command('unshare')
    .description('Take back what "share" gave')
    .argument('<name>', 'the project folder name')
    .argument('<emails...>', 'the users')
    .option('--json', 'print {unshared_emails} as JSON')
    .action(
      verbAction(context, async (name: string, emails: string[], flags: JsonFlag) => {
        const unshared = await (await vfolders(io)).unshare(name, emails);
        report(io, flags.json, `unshared ${name} from ${unshared.join(', ') || 'nobody'}`, {
          unshared_emails: unshared,
        });
      }),
    );

  group
    .command('leave')
    .description('Stop using a folder someone shared with you')
    .argument('<name>', 'the folder name')
    .option('-s, --shared-user-uuid <uuid>', 'as an admin: make this user leave it')
    .option('--json', 'print {name} as JSON')
    .action(
      verbAction(context, async (name: string, flags: JsonFlag & { sharedUserUuid?: string }) => {
        await (await vfolders(io)).leave(name, { sharedUserUuid: flags.sharedUserUuid });
        report(io, flags.json, `left folder ${name}`, { name });
      }),
    );

  group
    .command('shared')
    .description(
      'Who your folders are shared with (one folder with --id); -p with --user changes a permission',
    )
    .option('--id <vfolder-id>', 'one folder only')
    .option('--user <user-id>', 'with -p: the user whose permission changes')
    .option('-p, --perm <perm>', 'with --id and --user: the new permission (ro, rw or wd)', parsePermission)
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(
        context,
        async (flags: JsonFlag & { id?: string; user?: string; perm?: VfolderPermission }) => {
          const api = await vfolders(io);
          if (flags.perm || flags.user) {
            if (!flags.id || !flags.user || !flags.perm) {
              throw new UsageError('changing a permission needs --id, --user and -p');
            }
            await api.updateShared(flags.id, flags.user, flags.perm);
            return report(io, flags.json, `user ${flags.user} now has ${flags.perm} on ${flags.id}`, {
              vfolder: flags.id,
              user: flags.user,
              perm: flags.perm,
            });
          }
          const list = await api.shared({ vfolderId: flags.id });
          if (flags.json) return printJson(io, list);
          printRows(
            io,
            list.map((row) => ({ ...row, email: row.shared_to?.email, user: row.shared_to?.uuid })),
            [
              { key: 'vfolder_name', header: 'FOLDER' },
              { key: 'vfolder_id', header: 'FOLDER ID' },
              { key: 'email', header: 'SHARED WITH' },
              { key: 'user', header: 'USER ID' },
              { key: 'perm', header: 'PERMISSION' },
            ],
            { what: 'shared folders' },
          );
        },
      ),
    );
}
