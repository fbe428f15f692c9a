import type Router from '@koa/router';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import { leaseFolderTask } from '../folders/task-leases';
import { folderRef, requireStatus } from '../folders/folder-access';
import { createFolder } from '../folders/folder-creation';
import type { FolderKit } from '../folders/folder-kit';
import { createdView } from '../folders/folder-view';
import { runWithProgress } from '../folders/storage-task';
import { VfolderErrors } from '../vfolder-errors';
import { usageModeParam } from './folder-routes';
import { boolParam, callerOf, permissionParam, requiredString, stringParam } from './request-params';

/**
 * `POST /folders/:name/clone` (api-spec §3.10, upstream 22.09): a cloneable folder the caller may
 * read is copied into a new user folder of the caller on the same volume. The new folder is
 * `cloning` until the proxy's copy ends (then `ready`, or `error`); the copy runs as a background
 * task fed by the proxy's progress stream, whose id the 201 answers as `bgtask_id`.
 */
export function registerCloneRoute(router: Router<ApiState>, kit: FolderKit): void {
  router.post('/folders/:name/clone', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder: source } = await kit.folders.find(caller, ctx.params.name, 'vfolder.clone', kit.access);
    if (!source.cloneable) throw VfolderErrors.notCloneable(source.name);
    requireStatus(source, ['ready', 'mounted']);
    const targetHost = stringParam(params, ['target_host', 'targetHost']) ?? source.host;
    if (targetHost !== source.host)
      throw ManagerErrors.invalidParams(
        `target_host: a clone stays on the volume of its source ("${source.host}")`,
        { field: 'target_host' },
      );
    const target = await createFolder(
      kit,
      caller,
      {
        name: requiredString(params, ['target_name', 'targetName']),
        host: targetHost,
        usageMode: usageModeParam(params),
        permission: permissionParam(params, ['permission'], 'rw'),
        cloneable: boolParam(params, ['cloneable'], false),
      },
      { status: 'cloning', onProxy: false },
    );
    const taskId = await kit.tasks.start('vfolder clone', async (progress) => {
      const lease = await leaseFolderTask(kit.locks, target.id);
      try {
        await runWithProgress(
          kit,
          source.host,
          '/folder/clone',
          { ...folderRef(source), dst_quota_scope_id: target.quotaScopeId, dst_vfid: target.id },
          progress,
          'copied',
        );
        await kit.db.vfolders.modify(target.id, { status: 'ready' });
      } catch (error) {
        await kit.db.vfolders.modify(target.id, { status: 'error' });
        throw error;
      } finally {
        await lease?.release();
      }
      return { message: `vfolder ${source.name} cloned to ${target.name}` };
    });
    ctx.status = 201;
    ctx.body = { ...createdView(target), bgtask_id: taskId };
  });
}
