import { lchown } from 'node:fs/promises';
import type Router from '@koa/router';
import { FolderFiles } from '../fs/folder-files';
import { ProxyErrors } from '../proxy-errors';
import { backendError } from '../volume-set';
import { BodyFields } from './body-fields';
import type { ManagerApiDeps } from './manager-app';
import { streamProgress } from './progress-stream';

/** Folder life cycle: create, delete, clone, quota, usage, mount path. */
export function folderRoutes(router: Router, deps: ManagerApiDeps): void {
  const target = (raw: unknown) => {
    const body = BodyFields.of(raw);
    const served = deps.volumes.require(body.string('volume'));
    return { body, served, folder: body.folder() };
  };

  router.post('/folder/create', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const quotaBytes = body.limit('quota_bytes', true);
    await served.volume
      .createFolder(folder, { quotaBytes })
      .catch((error) => Promise.reject(backendError(error, folder)));
    // The folder's root belongs to the configured owner (the kernels' user), so kernels may write it.
    if (served.owner) await lchown(served.volume.folderPath(folder), served.owner.uid, served.owner.gid);
    ctx.status = 201;
    ctx.body = {};
  });

  router.post('/folder/delete', (ctx) => {
    const { served, folder } = target(ctx.request.body);
    streamProgress(ctx, deps.log, (progress) =>
      served.volume
        .deleteFolder(folder, progress)
        .catch((error) => Promise.reject(backendError(error, folder))),
    );
  });

  router.post('/folder/clone', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const clone = body.folder('dst_quota_scope_id', 'dst_vfid');
    // Refuse a missing source or an existing target before the stream starts.
    await served.volume.folderUsage(folder).catch((error) => Promise.reject(backendError(error, folder)));
    if (await FolderFiles.exists(served.volume.folderPath(clone)))
      throw ProxyErrors.folderExists(clone.folderId);
    streamProgress(ctx, deps.log, (progress) =>
      served.volume
        .cloneFolder(folder, clone, progress)
        .catch((error) => Promise.reject(backendError(error, clone))),
    );
  });

  router.post('/folder/quota', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const limit = body.limit('limit_bytes', false);
    await served.volume
      .setFolderQuota(folder, limit)
      .catch((error) => Promise.reject(backendError(error, folder)));
    ctx.status = 204;
  });

  router.post('/folder/usage', async (ctx) => {
    const { served, folder } = target(ctx.request.body);
    const usage = await served.volume
      .folderUsage(folder)
      .catch((error) => Promise.reject(backendError(error, folder)));
    ctx.body = { used_bytes: usage.usedBytes, file_count: usage.fileCount, limit_bytes: usage.limitBytes };
  });

  router.post('/folder/mount', async (ctx) => {
    const { served, folder } = target(ctx.request.body);
    const path = served.volume.folderPath(folder);
    if (!(await FolderFiles.exists(path))) throw ProxyErrors.folderNotFound(folder.folderId);
    ctx.body = { path };
  });
}
