import { requestParams } from '@tessera/manager';
import type Router from '@koa/router';
import type { KeypairRecord } from '@tessera/core';
import type { ApiState } from '@tessera/manager';
import { folderRef, requireStatus, TRASH_STATUSES } from '../folders/folder-access';
import { leaseFolderTask } from '../folders/task-leases';
import type { FolderKit } from '../folders/folder-kit';
import { runWithProgress } from '../folders/storage-task';
import { VfolderErrors } from '../vfolder-errors';
import { callerOf, requiredString } from './request-params';

/** The header that carries the id of the background task a delete-forever started. */
export const BGTASK_HEADER = 'X-BackendAI-BgTask-ID';

/**
 * The trash (upstream 24.03, ops-spec §5.2): `DELETE /folders/:name` (or `DELETE /folders` with
 * `vfolder_id`) moves a folder to the trash (`delete-pending`; its grants and invitations go);
 * `restore-from-trash-bin` brings it back (`ready`); `delete-from-trash-bin` deletes it on the
 * storage proxy as a background task (`delete-ongoing`, then `delete-complete`, or
 * `delete-error`), whose id the 204 carries in X-BackendAI-BgTask-ID; `purge` (admins) removes the
 * row of a `delete-complete` folder.
 */
export function registerTrashRoutes(router: Router<ApiState>, kit: FolderKit): void {
  const toTrash = async (caller: KeypairRecord, nameOrId: string) => {
    const { folder } = await kit.folders.find(caller, nameOrId, 'vfolder.trash', kit.access);
    requireStatus(folder, ['ready', 'error']);
    if (!(await kit.db.vfolders.transition(folder.id, ['ready', 'error'], 'delete-pending')))
      throw VfolderErrors.badStatus(folder.name, 'busy', ['ready', 'error']);
    await kit.db.vfolders.removeRelations(folder.id);
    kit.log.info('vfolder moved to the trash', { vfolder: folder.id, by: caller.userEmail });
  };
  router.delete('/folders/:name', async (ctx) => {
    await toTrash(callerOf(ctx), ctx.params.name);
    ctx.status = 204;
  });
  router.delete('/folders', async (ctx) => {
    const params = await requestParams(ctx);
    await toTrash(callerOf(ctx), requiredString(params, ['vfolder_id', 'vfolderId', 'id']));
    ctx.status = 204;
  });

  router.post('/folders/restore-from-trash-bin', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const id = requiredString(params, ['vfolder_id', 'vfolderId', 'id']);
    const { folder } = await kit.folders.find(caller, id, 'vfolder.restore', kit.access, { trash: true });
    if (!(await kit.db.vfolders.transition(folder.id, TRASH_STATUSES, 'ready')))
      throw VfolderErrors.badStatus(folder.name, folder.status, TRASH_STATUSES);
    ctx.status = 204;
  });

  router.post('/folders/delete-from-trash-bin', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const id = requiredString(params, ['vfolder_id', 'vfolderId', 'id']);
    const { folder } = await kit.folders.find(caller, id, 'vfolder.delete-forever', kit.access, {
      trash: true,
    });
    if (!(await kit.db.vfolders.transition(folder.id, TRASH_STATUSES, 'delete-ongoing')))
      throw VfolderErrors.badStatus(folder.name, folder.status, TRASH_STATUSES);
    const taskId = await kit.tasks.start('vfolder delete', async (progress) => {
      const lease = await leaseFolderTask(kit.locks, folder.id);
      try {
        await runWithProgress(kit, folder.host, '/folder/delete', folderRef(folder), progress, 'deleted');
        await kit.db.vfolders.modify(folder.id, { status: 'delete-complete' });
      } catch (error) {
        await kit.db.vfolders.modify(folder.id, { status: 'delete-error' });
        throw error;
      } finally {
        await lease?.release();
      }
      return { message: `vfolder ${folder.name} deleted from ${folder.host}` };
    });
    ctx.set(BGTASK_HEADER, taskId);
    ctx.status = 204;
  });

  router.post('/folders/purge', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const id = requiredString(params, ['vfolder_id', 'vfolderId', 'id']);
    // The role first (a user is refused outright), then the folder's domain (another domain's: the 404).
    if (kit.access.scopeOf(caller, 'vfolder.purge') === null) kit.access.authorize(caller, 'vfolder.purge');
    const folder = await kit.db.vfolders.get(id);
    if (!folder || !kit.access.allows(caller, 'vfolder.purge', { domainName: folder.domainName }))
      throw VfolderErrors.notFound(id);
    requireStatus(folder, ['delete-complete']);
    await kit.db.vfolders.delete(folder.id);
    ctx.status = 204;
  });
}
