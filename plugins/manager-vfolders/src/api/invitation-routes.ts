import type Router from '@koa/router';
import type { KeypairRecord } from '@tessera/core';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import { GONE_STATUSES } from '../folders/folder-access';
import type { FolderKit } from '../folders/folder-kit';
import { isDotFolder } from '../folders/folder-names';
import { invitationView } from '../folders/folder-view';
import { VfolderErrors } from '../vfolder-errors';
import { callerOf, permissionParam, requiredString, stringListParam } from './request-params';

/**
 * Invitations (api-spec §3.8): the owner of a user folder invites users by e-mail; an invitee
 * accepts (gaining the permission) or rejects, the inviter cancels or changes the permission of a
 * pending one. Invitations are found only by their invitee or inviter (others get the 404).
 */
export function registerInvitationRoutes(router: Router<ApiState>, kit: FolderKit): void {
  router.post('/folders/:name/invite', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.invite', kit.access);
    if (folder.ownershipType !== 'user' || folder.userId !== caller.userId)
      throw VfolderErrors.notFound(ctx.params.name);
    if (isDotFolder(folder.name)) throw ManagerErrors.forbidden('Cannot share private dot-prefixed vfolders');
    const permission = permissionParam(params, ['perm', 'permission'], 'rw');
    const emails = stringListParam(params, ['emails', 'user_ids', 'userIDs']) ?? [];
    if (emails.length === 0)
      throw ManagerErrors.invalidParams('emails: expected the invitees', { field: 'emails' });
    const invitees = [];
    for (const email of new Set(emails)) {
      if (email === caller.userEmail) continue;
      const user = await kit.db.identity.users.getByEmail(email);
      if (!user) throw VfolderErrors.userNotFound(email);
      invitees.push(user);
    }
    const pending = await kit.db.vfolders.invitations({ vfolderId: folder.id, states: ['pending'] });
    const granted = new Set((await kit.db.vfolders.grants([folder.id])).map((grant) => grant.userId));
    const invited: string[] = [];
    for (const user of invitees) {
      if (granted.has(user.uuid) || pending.some((invitation) => invitation.invitee === user.email)) continue;
      const theirs = await kit.db.vfolders.list({ userIds: [user.uuid], name: folder.name });
      if (theirs.some((other) => !GONE_STATUSES.includes(other.status)))
        throw VfolderErrors.alreadyExists(folder.name);
      await kit.db.vfolders.createInvitation({
        vfolderId: folder.id,
        inviter: caller.userEmail,
        invitee: user.email,
        permission,
      });
      invited.push(user.email);
    }
    ctx.status = 201;
    ctx.body = { invited_ids: invited };
  });

  router.get('/folders/invitations/list', async (ctx) => {
    const caller = callerOf(ctx);
    kit.access.authorize(caller, 'vfolder.list');
    const invitations = await kit.db.vfolders.invitations({ invitee: caller.userEmail, states: ['pending'] });
    ctx.body = { invitations: invitations.map(invitationView) };
  });

  const listSent: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    kit.access.authorize(caller, 'vfolder.list');
    const invitations = await kit.db.vfolders.invitations({ inviter: caller.userEmail, states: ['pending'] });
    ctx.body = { invitations: invitations.map(invitationView) };
  };
  router.get('/folders/invitations/list-sent', listSent);
  router.get('/folders/invitations/list_sent', listSent);

  router.post('/folders/invitations/accept', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const id = requiredString(params, ['inv_id', 'invId']);
    const invitation = await pendingFor(kit, caller, id, 'invitee');
    const folder = await kit.db.vfolders.get(invitation.vfolderId);
    if (!folder || folder.status !== 'ready') throw VfolderErrors.invitationNotFound(id);
    const mine = await kit.folders.visible(caller);
    if (
      mine.some((entry) => entry.folder.name === folder.name && !GONE_STATUSES.includes(entry.folder.status))
    )
      throw VfolderErrors.alreadyExists(folder.name);
    await kit.db.vfolders.grant(folder.id, caller.userId, invitation.permission);
    await kit.db.vfolders.modifyInvitation(id, { state: 'accepted' });
    ctx.body = {};
  });

  const reject: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const id = requiredString(params, ['inv_id', 'invId']);
    const invitation = await pendingFor(kit, caller, id, 'either');
    const state = invitation.invitee === caller.userEmail ? 'rejected' : 'canceled';
    await kit.db.vfolders.modifyInvitation(id, { state });
    ctx.body = { msg: `Vfolder invitation is ${state}` };
  };
  router.delete('/folders/invitations/delete', reject);
  router.post('/folders/invitations/delete', reject);

  router.post('/folders/invitations/update/:inv_id', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const permission = permissionParam(params, ['perm', 'permission'], undefined);
    if (permission === undefined)
      throw ManagerErrors.invalidParams('Missing parameter "perm"', { field: 'perm' });
    await pendingFor(kit, caller, ctx.params.inv_id, 'inviter');
    await kit.db.vfolders.modifyInvitation(ctx.params.inv_id, { permission });
    ctx.body = { msg: `vfolder invitation updated: ${ctx.params.inv_id}.` };
  });
}

/** A pending invitation the caller takes part in as `role`, or the invitation's 404. */
async function pendingFor(
  kit: FolderKit,
  caller: KeypairRecord,
  id: string,
  role: 'invitee' | 'inviter' | 'either',
) {
  kit.access.authorize(caller, 'vfolder.list');
  const invitation = await kit.db.vfolders.invitation(id);
  const mine =
    invitation !== null &&
    ((role !== 'inviter' && invitation.invitee === caller.userEmail) ||
      (role !== 'invitee' && invitation.inviter === caller.userEmail));
  if (!invitation || !mine || invitation.state !== 'pending') throw VfolderErrors.invitationNotFound(id);
  return invitation;
}
