import type Router from '@koa/router';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import type { VfolderUsageModeCode } from '@tessera/core';
import { folderRef, requireStatus } from '../folders/folder-access';
import { createFolder } from '../folders/folder-creation';
import type { FolderKit } from '../folders/folder-kit';
import { checkFolderName } from '../folders/folder-names';
import { createdView, infoView, listItem } from '../folders/folder-view';
import { hostGrantsOf } from '../folders/host-grants';
import { VfolderErrors } from '../vfolder-errors';
import { boolParam, callerOf, permissionParam, requiredString, stringParam } from './request-params';

const USAGE_MODES: readonly VfolderUsageModeCode[] = ['general', 'model', 'data'];

/**
 * The folder collection and a folder itself (api-spec §3.7): list, hosts, create, info, rename,
 * and the superadmin's `_/usage`. Routes under `/_/` are registered before `/:name` ones.
 */
export function registerFolderRoutes(router: Router<ApiState>, kit: FolderKit): void {
  router.get('/folders', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const all = boolParam(params, ['all'], false);
    const groupId = stringParam(params, ['group_id', 'groupId']);
    kit.access.authorize(caller, all ? 'vfolder.list-all' : 'vfolder.list');
    let entries = all
      ? (await kit.db.vfolders.list()).map((folder) => ({
          folder,
          permission: folder.permission,
          isOwner: folder.userId === caller.userId || folder.ownershipType === 'group',
        }))
      : await kit.folders.visible(caller);
    entries = entries.filter((entry) => entry.folder.status !== 'delete-complete');
    if (groupId !== undefined)
      entries = entries.filter(
        (entry) => entry.folder.ownershipType === 'user' || entry.folder.groupId === groupId.toLowerCase(),
      );
    ctx.body = entries.map(listItem);
  });

  router.get('/folders/_/hosts', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    kit.access.authorize(caller, 'vfolder.list');
    const groupId = stringParam(params, ['group_id', 'groupId']);
    const [grants, known, fallback] = await Promise.all([
      hostGrantsOf(kit.db, caller, groupId),
      kit.proxies.hosts(),
      kit.proxies.defaultHost(),
    ]);
    const allowed = known.filter((host) => grants.has(host)).sort();
    ctx.body = { default: fallback, allowed };
  });

  router.get('/folders/_/usage', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    kit.access.authorize(caller, 'vfolder.usage');
    const id = requiredString(params, ['id']);
    const folder = await kit.db.vfolders.get(id);
    const host = stringParam(params, ['folder_host']) ?? folder?.host;
    if (!folder || folder.host !== host) throw VfolderErrors.notFound(id);
    ctx.body = await kit.proxies.call(folder.host, '/folder/usage', folderRef(folder));
  });

  router.post('/folders', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    if (stringParam(params, ['unmanaged_path', 'unmanagedPath']))
      throw ManagerErrors.invalidParams('unmanaged_path: folders outside the volumes are not supported', {
        field: 'unmanaged_path',
      });
    const folder = await createFolder(
      kit,
      caller,
      {
        name: requiredString(params, ['name']),
        host: stringParam(params, ['host', 'folder_host']),
        usageMode: usageModeParam(params),
        permission: permissionParam(params, ['permission'], 'rw'),
        groupId: stringParam(params, ['group', 'groupId', 'group_id']),
        quotaBytes: binarySize(params['quota'], 'quota'),
        cloneable: boolParam(params, ['cloneable'], false),
      },
      { status: 'ready', onProxy: true },
    );
    ctx.status = 201;
    ctx.body = createdView(folder);
  });

  router.get('/folders/:name', async (ctx) => {
    const caller = callerOf(ctx);
    const entry = await kit.folders.find(caller, ctx.params.name, 'vfolder.info', kit.access);
    const usage = await kit.proxies.call<{ file_count: number; used_bytes: number }>(
      entry.folder.host,
      '/folder/usage',
      folderRef(entry.folder),
    );
    ctx.body = infoView(entry, usage);
  });

  router.post('/folders/:name/rename', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const entry = await kit.folders.find(caller, ctx.params.name, 'vfolder.rename', kit.access);
    requireStatus(entry.folder, ['ready']);
    const newName = checkFolderName(requiredString(params, ['new_name', 'newName']), 'new_name');
    const rivals = entry.folder.groupId
      ? await kit.db.vfolders.list({ groupIds: [entry.folder.groupId] })
      : (await kit.folders.visible(caller)).map((other) => other.folder);
    if (rivals.some((other) => other.id !== entry.folder.id && other.name === newName))
      throw VfolderErrors.alreadyExists(newName);
    await kit.db.vfolders.modify(entry.folder.id, { name: newName });
    ctx.status = 201;
    ctx.body = {};
  });
}

export function usageModeParam(params: Record<string, unknown>): VfolderUsageModeCode {
  const value = stringParam(params, ['usage_mode', 'usageMode']) ?? 'general';
  if (!USAGE_MODES.includes(value as VfolderUsageModeCode))
    throw ManagerErrors.invalidParams(`usage_mode: expected general, model or data (got "${value}")`, {
      field: 'usage_mode',
    });
  return value as VfolderUsageModeCode;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

/** A byte count: an integer, or a string such as `10g` or `512m` (upstream's BinarySize); undefined when absent. */
export function binarySize(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)i?b?\s*$/i.exec(value);
    if (match) return Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
  }
  throw ManagerErrors.invalidParams(`${field}: expected a size in bytes, such as 1073741824 or "1g"`, {
    field,
  });
}
