import type Router from '@koa/router';
import { ManagerErrors, type ApiState, requestParams } from '@tessera/manager';
import { folderRef, requireStatus } from '../folders/folder-access';
import type { FolderKit } from '../folders/folder-kit';
import { binarySize } from './folder-routes';
import { boolParam, callerOf, requiredString, stringParam } from './request-params';

/**
 * The rest of upstream's folder routes: every host (`_/all-hosts`, superadmins), the enabled
 * ownership types (`_/allowed-types`), a folder's options (`update-options`: permission and
 * cloneable) and its quota (`_/quota`, read and set through the proxy). Underscored aliases as
 * upstream keeps them for older clients.
 */
export function registerOptionRoutes(router: Router<ApiState>, kit: FolderKit): void {
  router.get(['/folders/_/all-hosts', '/folders/_/all_hosts'], async (ctx) => {
    kit.access.authorize(callerOf(ctx), 'vfolder.all-hosts');
    const [hosts, fallback] = await Promise.all([kit.proxies.hosts(), kit.proxies.defaultHost()]);
    ctx.body = { default: fallback, allowed: [...hosts].sort() };
  });

  router.get(['/folders/_/allowed-types', '/folders/_/allowed_types'], async (ctx) => {
    kit.access.authorize(callerOf(ctx), 'vfolder.list');
    ctx.body = await kit.proxies.allowedTypes();
  });

  router.get('/folders/_/quota', async (ctx) => {
    const params = await requestParams(ctx);
    const entry = await kit.folders.find(
      callerOf(ctx),
      requiredString(params, ['id']),
      'vfolder.info',
      kit.access,
    );
    sameHost(entry.folder.host, params);
    const usage = await kit.proxies.call<{ limit_bytes: number | null }>(
      entry.folder.host,
      '/folder/usage',
      folderRef(entry.folder),
    );
    // Upstream answers the limit itself, in bytes; 0 when the folder has none.
    ctx.body = usage.limit_bytes ?? 0;
  });

  router.post('/folders/_/quota', async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const entry = await kit.folders.find(
      caller,
      requiredString(params, ['id']),
      'vfolder.set-quota',
      kit.access,
    );
    sameHost(entry.folder.host, params);
    requireStatus(entry.folder, ['ready']);
    const input = params['input'];
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw ManagerErrors.invalidParams('input: expected an object such as {"size_bytes": 1073741824}', {
        field: 'input',
      });
    let quota = binarySize((input as Record<string, unknown>)['size_bytes'], 'input.size_bytes');
    if (quota === undefined)
      throw ManagerErrors.invalidParams('input.size_bytes: required', { field: 'input.size_bytes' });
    // As upstream: no larger than the keypair's resource policy allows (0 or more asks for that).
    const policy = await kit.db.identity.policies.keypair.get(caller.resourcePolicy);
    const ceiling = entry.folder.groupId ? 0 : (policy?.maxVfolderSize ?? 0);
    if (ceiling > 0 && (quota <= 0 || quota > ceiling)) quota = ceiling;
    await kit.proxies.call(entry.folder.host, '/folder/quota', {
      ...folderRef(entry.folder),
      limit_bytes: quota > 0 ? quota : null,
    });
    await kit.db.vfolders.modify(entry.folder.id, { maxSize: quota > 0 ? quota : null });
    ctx.body = { size_bytes: quota };
  });

  router.post('/folders/:name/update-options', async (ctx) => {
    const params = await requestParams(ctx);
    const entry = await kit.folders.find(
      callerOf(ctx),
      ctx.params.name,
      'vfolder.update-options',
      kit.access,
    );
    requireStatus(entry.folder, ['ready']);
    const permission = stringParam(params, ['permission']);
    if (permission !== undefined && !['ro', 'rw', 'wd'].includes(permission))
      throw ManagerErrors.invalidParams(`permission: expected ro, rw or wd (got "${permission}")`, {
        field: 'permission',
      });
    const cloneable = params['cloneable'] === undefined ? undefined : boolParam(params, ['cloneable'], false);
    await kit.db.vfolders.modify(entry.folder.id, {
      ...(permission !== undefined ? { permission: permission as 'ro' | 'rw' | 'wd' } : {}),
      ...(cloneable !== undefined ? { cloneable } : {}),
    });
    ctx.status = 201;
    ctx.body = {};
  });
}

/** `folder_host`, when given, must be the folder's (upstream asks for both). */
function sameHost(host: string, params: Record<string, unknown>): void {
  const given = stringParam(params, ['folder_host', 'folderHost']);
  if (given !== undefined && given !== host)
    throw ManagerErrors.invalidParams(`folder_host: the folder is on "${host}", not "${given}"`, {
      field: 'folder_host',
    });
}
