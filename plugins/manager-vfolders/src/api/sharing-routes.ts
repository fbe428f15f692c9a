import type Router from '@koa/router';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import type { FolderKit } from '../folders/folder-kit';
import { hexId } from '../folders/folder-view';
import { VfolderErrors } from '../vfolder-errors';
import { callerOf, permissionParam, requiredString, stringListParam, stringParam } from './request-params';

/**
 * Sharing (api-spec §3.9): leaving a folder shared with you, the owner's list of the users its
 * folders are shared with and their permissions, and the direct share / unshare of project
 * folders (an overriding permission for some members).
 */
export function registerSharingRoutes(router: Router<ApiState>, kit: FolderKit): void {
  router.post('/folders/:name/leave', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    if (stringParam(params, ['shared_user_uuid', 'sharedUserUuid']))
      throw ManagerErrors.forbidden('Only the user a folder is shared with may leave it');
    const entry = await kit.folders.find(caller, ctx.params.name, 'vfolder.leave', kit.access);
    if (entry.folder.ownershipType === 'group')
      throw ManagerErrors.invalidParams('Cannot leave a group vfolder', { field: 'name' });
    if (entry.isOwner)
      throw ManagerErrors.invalidParams('Cannot leave a vfolder owned by the requesting user', {
        field: 'name',
      });
    await kit.db.vfolders.revoke(entry.folder.id, caller.userId);
    ctx.body = { msg: 'left the shared vfolder' };
  });

  router.get('/folders/_/shared', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    kit.access.authorize(caller, 'vfolder.list');
    const asked = stringParam(params, ['vfolder_id', 'vfolderId']);
    const owned = (await kit.folders.visible(caller)).filter((entry) => entry.isOwner);
    const folders = asked === undefined ? owned : owned.filter((entry) => sameId(entry.folder.id, asked));
    if (asked !== undefined && folders.length === 0) throw VfolderErrors.notFound(asked);
    const byId = new Map(folders.map((entry) => [entry.folder.id, entry.folder]));
    const grants = await kit.db.vfolders.grants([...byId.keys()]);
    ctx.body = {
      shared: grants.map((grant) => {
        const folder = byId.get(grant.vfolderId)!;
        return {
          vfolder_id: hexId(folder.id),
          vfolder_name: folder.name,
          status: folder.status,
          owner: folder.groupId ?? folder.userId,
          type: folder.groupId ? 'project' : 'user',
          shared_to: { uuid: grant.userId, email: grant.userEmail },
          perm: grant.permission,
        };
      }),
    };
  });

  router.post('/folders/_/shared', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const vfolderId = requiredString(params, ['vfolder', 'vfolder_id', 'vfolderId']);
    const userId = requiredString(params, ['user', 'user_id', 'userId']);
    const permission = permissionParam(params, ['perm', 'permission'], undefined);
    const { folder } = await kit.folders.find(caller, vfolderId, 'vfolder.shared-update', kit.access);
    const grant = (await kit.db.vfolders.grants([folder.id])).find((each) => sameId(each.userId, userId));
    if (!grant) throw VfolderErrors.userNotFound(userId);
    if (permission === undefined) await kit.db.vfolders.revoke(folder.id, grant.userId);
    else await kit.db.vfolders.grant(folder.id, grant.userId, permission);
    ctx.body = { msg: 'shared vfolder permission updated' };
  });

  router.post('/folders/:name/share', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.share', kit.access);
    if (folder.ownershipType !== 'group') throw VfolderErrors.notFound(ctx.params.name);
    const permission = permissionParam(params, ['permission', 'perm'], 'rw');
    const emails = stringListParam(params, ['emails']);
    if (!emails || emails.length === 0)
      throw ManagerErrors.invalidParams('emails: expected the users to share with', { field: 'emails' });
    const members = new Set(await kit.db.identity.projects.members(folder.groupId!));
    const users = [];
    for (const email of new Set(emails)) {
      const user = await kit.db.identity.users.getByEmail(email);
      if (!user || !members.has(user.uuid))
        throw VfolderErrors.userNotFound(`${email} in project ${folder.groupName ?? folder.groupId!}`);
      users.push(user);
    }
    for (const user of users) await kit.db.vfolders.grant(folder.id, user.uuid, permission);
    ctx.status = 201;
    ctx.body = { shared_emails: users.map((user) => user.email) };
  });

  const unshare: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params['name']!, 'vfolder.share', kit.access);
    if (folder.ownershipType !== 'group') throw VfolderErrors.notFound(ctx.params['name']!);
    const emails = stringListParam(params, ['emails']);
    if (!emails || emails.length === 0)
      throw ManagerErrors.invalidParams('emails: expected the users to unshare with', { field: 'emails' });
    const grants = await kit.db.vfolders.grants([folder.id]);
    const unshared: string[] = [];
    for (const grant of grants) {
      if (!emails.includes(grant.userEmail)) continue;
      await kit.db.vfolders.revoke(folder.id, grant.userId);
      unshared.push(grant.userEmail);
    }
    ctx.body = { unshared_emails: unshared };
  };
  router.delete('/folders/:name/unshare', unshare);
  router.post('/folders/:name/unshare', unshare);
}

function sameId(a: string, b: string): boolean {
  return a.replace(/-/g, '').toLowerCase() === b.replace(/-/g, '').toLowerCase();
}
