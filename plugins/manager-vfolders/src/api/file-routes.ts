import type Router from '@koa/router';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import { folderRef, requireStatus } from '../folders/folder-access';
import type { FolderKit } from '../folders/folder-kit';
import { hostGrantsOf, requireHostPermission } from '../folders/host-grants';
import { boolParam, callerOf, requiredString, stringListParam, stringParam } from './request-params';

/** One entry of the proxy's `/folder/file/list`. */
interface ProxyFileItem {
  name: string;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
  size: number;
  mode: string;
  created: string;
  modified: string;
}

/**
 * The files of a folder (api-spec §3.7): list, upload and download tokens, mkdir, delete, rename
 * and move, each relayed to the folder's storage proxy. Reads need any grant, writes `rw`; the
 * proxy checks every path (traversal, symlinks) and answers what it refuses with its own status.
 */
export function registerFileRoutes(router: Router<ApiState>, kit: FolderKit): void {
  router.get('/folders/:name/files', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.files', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    const relpath = stringParam(params, ['path']) ?? '.';
    const { items } = await kit.proxies.call<{ items: ProxyFileItem[] }>(folder.host, '/folder/file/list', {
      ...folderRef(folder),
      relpath: relpath === '' ? '.' : relpath,
    });
    ctx.body = {
      items: items.map((item) => ({
        name: item.name,
        type: item.type,
        size: item.size,
        mode: item.mode.slice(-3),
        created: item.created,
        modified: item.modified,
      })),
      files: JSON.stringify(
        items.map((item) => ({
          filename: item.name,
          size: item.size,
          mode: fileMode(item.type, item.mode),
          ctime: Date.parse(item.created) / 1000,
          atime: 0,
          mtime: Date.parse(item.modified) / 1000,
        })),
      ),
    };
  });

  router.post('/folders/:name/request-upload', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.upload', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    const path = requiredString(params, ['path']);
    const size = params['size'];
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      throw ManagerErrors.invalidParams('size: expected the file size in bytes (an integer, 0 or more)', {
        field: 'size',
      });
    requireHostPermission(await hostGrantsOf(kit.db, caller), folder.host, 'upload-file');
    const { proxy } = await kit.proxies.resolve(folder.host);
    const { token } = await kit.proxies.call<{ token: string }>(folder.host, '/folder/file/upload', {
      ...folderRef(folder),
      relpath: path,
      size,
    });
    ctx.body = { token, url: new URL('upload', withSlash(proxy.clientApi)).toString() };
  });

  router.post('/folders/:name/request-download', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.download', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    // Backend.AI's JS SDK names it `file`.
    const path = requiredString(params, ['path', 'file']);
    const archive = boolParam(params, ['archive'], false);
    requireHostPermission(await hostGrantsOf(kit.db, caller), folder.host, 'download-file');
    const { proxy } = await kit.proxies.resolve(folder.host);
    const { token } = await kit.proxies.call<{ token: string }>(folder.host, '/folder/file/download', {
      ...folderRef(folder),
      relpath: path,
      archive,
    });
    ctx.body = { token, url: new URL('download', withSlash(proxy.clientApi)).toString() };
  });

  router.post('/folders/:name/mkdir', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.mkdir', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    await kit.proxies.call(folder.host, '/folder/file/mkdir', {
      ...folderRef(folder),
      relpath: requiredString(params, ['path']),
      parents: boolParam(params, ['parents'], false),
      exist_ok: boolParam(params, ['exist_ok', 'existOk'], false),
    });
    ctx.status = 201;
    ctx.body = {};
  });

  const deleteFiles: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(
      caller,
      ctx.params['name']!,
      'vfolder.delete-files',
      kit.access,
    );
    requireStatus(folder, ['ready', 'mounted']);
    const files = stringListParam(params, ['files']);
    if (!files || files.length === 0)
      throw ManagerErrors.invalidParams('files: expected the paths to delete', { field: 'files' });
    await kit.proxies.stream(
      folder.host,
      '/folder/file/delete',
      { ...folderRef(folder), relpaths: files, recursive: boolParam(params, ['recursive'], false) },
      () => undefined,
    );
    ctx.body = {};
  };
  router.delete('/folders/:name/delete-files', deleteFiles);
  router.post('/folders/:name/delete-files', deleteFiles);
  router.delete('/folders/:name/delete_files', deleteFiles);

  const renameFile: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params['name']!, 'vfolder.rename-file', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    await kit.proxies.call(folder.host, '/folder/file/rename', {
      ...folderRef(folder),
      relpath: requiredString(params, ['target_path', 'targetPath']),
      new_name: requiredString(params, ['new_name', 'newName']),
      is_dir: boolParam(params, ['is_dir', 'isDir'], false),
    });
    ctx.body = {};
  };
  router.post('/folders/:name/rename-file', renameFile);
  router.post('/folders/:name/rename_file', renameFile);

  router.post('/folders/:name/move-file', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const { folder } = await kit.folders.find(caller, ctx.params.name, 'vfolder.move-file', kit.access);
    requireStatus(folder, ['ready', 'mounted']);
    await kit.proxies.call(folder.host, '/folder/file/move', {
      ...folderRef(folder),
      src_relpath: requiredString(params, ['src']),
      dst_relpath: requiredString(params, ['dst']),
    });
    ctx.body = {};
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `drwxr-xr-x` from the proxy's type and octal mode (Python's stat.filemode, for the legacy `files`). */
export function fileMode(type: string, octal: string): string {
  const bits = parseInt(octal, 8) & 0o777;
  const kind = type === 'DIRECTORY' ? 'd' : type === 'SYMLINK' ? 'l' : '-';
  const letters = 'rwxrwxrwx';
  let text = kind;
  for (let bit = 0; bit < 9; bit += 1) text += bits & (1 << (8 - bit)) ? letters[bit] : '-';
  return text;
}
