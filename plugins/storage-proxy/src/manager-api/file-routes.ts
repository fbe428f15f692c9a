import type Router from '@koa/router';
import { formatQuotaScope, type FolderRef } from '@tessera/core';
import { FolderFiles } from '../fs/folder-files';
import { joinRelpath, parseName, parseRelpath } from '../fs/relpath';
import { ProxyErrors } from '../proxy-errors';
import type { ServedVolume } from '../volume-set';
import { BodyFields } from './body-fields';
import type { ManagerApiDeps } from './manager-app';
import { streamProgress } from './progress-stream';

/** File operations inside a folder and the client-API tokens for uploads and downloads. */
export function fileRoutes(router: Router, deps: ManagerApiDeps): void {
  const target = (raw: unknown) => {
    const body = BodyFields.of(raw);
    const served = deps.volumes.require(body.string('volume'));
    return { body, served, folder: body.folder() };
  };
  const withFiles = async <T>(
    served: ServedVolume,
    folder: FolderRef,
    use: (files: FolderFiles) => Promise<T>,
  ): Promise<T> => {
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      return await use(files);
    } finally {
      await files.close();
    }
  };

  router.post('/folder/file/mkdir', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const segments = parseRelpath('relpath', body.raw('relpath'));
    const options = { parents: body.boolean('parents', false), existOk: body.boolean('exist_ok', false) };
    await withFiles(served, folder, (files) => files.mkdir(segments, options, 'relpath'));
    ctx.status = 201;
    ctx.body = {};
  });

  // A file's bytes to the manager itself (upstream's folder/file/fetch; the session task log).
  router.post('/folder/file/fetch', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const segments = parseRelpath('relpath', body.raw('relpath'));
    const { handle, stats } = await withFiles(served, folder, (files) =>
      files.withParent(segments, 'relpath', (parent, name) => files.root.openFile(parent, name, 'relpath')),
    );
    ctx.type = 'application/octet-stream';
    ctx.length = stats.size;
    ctx.body = handle.createReadStream({ highWaterMark: 1 << 20 });
  });

  router.post('/folder/file/list', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const relpath = body.raw('relpath') ?? '.';
    const segments = parseRelpath('relpath', relpath, { allowRoot: true });
    const items = await withFiles(served, folder, (files) =>
      files.list(segments, deps.scandirLimit, 'relpath'),
    );
    ctx.body = { items };
  });

  router.post('/folder/file/rename', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const segments = parseRelpath('relpath', body.raw('relpath'));
    const newName = parseName('new_name', body.raw('new_name'));
    const isDir = body.boolean('is_dir', false);
    await withFiles(served, folder, (files) => files.rename(segments, newName, isDir, 'relpath'));
    ctx.body = {};
  });

  router.post('/folder/file/move', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const src = parseRelpath('src_relpath', body.raw('src_relpath'));
    const dst = parseRelpath('dst_relpath', body.raw('dst_relpath'));
    await withFiles(served, folder, (files) => files.move(src, dst));
    ctx.body = {};
  });

  router.post('/folder/file/delete', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const raw = body.raw('relpaths');
    if (!Array.isArray(raw) || raw.length === 0) {
      throw ProxyErrors.invalidParam('relpaths', 'a non-empty list of paths relative to the folder');
    }
    const paths = raw.map((relpath) => parseRelpath('relpaths', relpath));
    const recursive = body.boolean('recursive', false);
    // Missing paths and directories without `recursive` are refused before anything is deleted.
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      await files.checkDeletable(paths, recursive);
    } catch (error) {
      await files.close();
      throw error;
    }
    streamProgress(ctx, deps.log, async (progress) => {
      try {
        await files.delete(paths, recursive, progress);
      } finally {
        await files.close();
      }
    });
  });

  router.post('/folder/file/upload', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const segments = parseRelpath('relpath', body.raw('relpath'));
    const size = body.bytes('size');
    if (size > deps.maxUploadSize) {
      throw ProxyErrors.uploadTooLarge(
        `The upload's size (${size} bytes) is larger than this proxy accepts (${deps.maxUploadSize} bytes)`,
      );
    }
    const session = await deps.uploads.prepare(served, folder, segments, size);
    const token = await deps.tokens.sign({
      op: 'upload',
      volume: served.name,
      quota_scope_id: formatQuotaScope(folder.scope),
      vfid: folder.folderId,
      relpath: joinRelpath(segments),
      size,
      session,
    });
    ctx.body = { token };
  });

  router.post('/folder/file/download', async (ctx) => {
    const { body, served, folder } = target(ctx.request.body);
    const archive = body.boolean('archive', false);
    // The whole folder may be downloaded as an archive.
    const segments = parseRelpath('relpath', body.raw('relpath'), { allowRoot: archive });
    await withFiles(served, folder, async (files) => {
      if (segments.length === 0) return;
      await files.withParent(segments, 'relpath', async (parent, name) => {
        const stats = await files.root.lstat(parent, name);
        if (!stats) throw ProxyErrors.fileNotFound(joinRelpath(segments));
        if (stats.isSymbolicLink()) {
          throw ProxyErrors.invalidPath(
            'relpath',
            `"${joinRelpath(segments)}" is a symbolic link, which the storage proxy never follows`,
          );
        }
        if (stats.isDirectory() && !archive) {
          throw ProxyErrors.isADirectory(
            joinRelpath(segments),
            'set archive to download a directory as a zip',
          );
        }
      });
    });
    const token = await deps.tokens.sign({
      op: 'download',
      volume: served.name,
      quota_scope_id: formatQuotaScope(folder.scope),
      vfid: folder.folderId,
      relpath: joinRelpath(segments),
      archive,
    });
    ctx.body = { token };
  });
}
