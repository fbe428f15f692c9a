import { randomUUID } from 'node:crypto';
import type {
  KeypairRecord,
  VfolderPermissionCode,
  VfolderRecord,
  VfolderStatusCode,
  VfolderUsageModeCode,
} from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import { VfolderErrors } from '../vfolder-errors';
import { GONE_STATUSES, quotaScopeOf } from './folder-access';
import type { FolderKit } from './folder-kit';
import { checkFolderName, isDotFolder } from './folder-names';
import { hostGrantsOf, requireHostPermission } from './host-grants';

/** A folder to make (a create, or the target of a clone). */
export interface FolderOrder {
  name: string;
  host?: string | undefined;
  usageMode: VfolderUsageModeCode;
  permission: VfolderPermissionCode;
  /** Set for a project folder. */
  groupId?: string | undefined;
  quotaBytes?: number | undefined;
  cloneable: boolean;
}

/**
 * Checks a new folder the way upstream's create does, then makes it: the name (rules and
 * uniqueness among the folders the owner can use), the role (project folders: domain admins and
 * superadmins), the host (known to a proxy, granted `create-vfolder`), the count limit of the
 * resource policy (406) and its size limit (the quota is clamped to it). `onProxy` makes the
 * folder on the proxy (a create); a clone's target is made by the proxy's clone instead.
 */
export async function createFolder(
  kit: FolderKit,
  caller: KeypairRecord,
  order: FolderOrder,
  options: { status: VfolderStatusCode; onProxy: boolean },
): Promise<VfolderRecord> {
  const name = checkFolderName(order.name, 'name');
  const type = order.groupId !== undefined ? 'group' : 'user';
  if (!(await kit.proxies.allowedTypes()).includes(type))
    throw ManagerErrors.invalidParams(
      `${type} vfolders are not enabled here (the config store's volumes/_types/ lists the enabled types)`,
      { field: 'group', type },
    );
  const project = order.groupId !== undefined ? await kit.db.identity.projects.get(order.groupId) : null;
  if (order.groupId !== undefined) {
    if (!project)
      throw ManagerErrors.invalidParams(`group: no project "${order.groupId}"`, { field: 'group' });
    kit.access.authorize(caller, 'vfolder.create-project', { domainName: project.domainName });
    if (isDotFolder(name))
      throw ManagerErrors.invalidParams('name: dot-prefixed vfolders cannot be a group folder', {
        field: 'name',
      });
  } else {
    kit.access.authorize(caller, 'vfolder.create');
  }
  const host = order.host ?? (await kit.proxies.defaultHost());
  if (!host)
    throw ManagerErrors.invalidParams('host: no host given and no default host is set', { field: 'host' });
  if (!(await kit.proxies.hosts()).includes(host))
    throw ManagerErrors.invalidParams(`host: no storage proxy serves "${host}"`, { field: 'host' });
  requireHostPermission(await hostGrantsOf(kit.db, caller, project?.id), host, 'create-vfolder');

  const policy = await kit.db.identity.policies.keypair.get(caller.resourcePolicy);
  let limit = policy?.maxVfolderCount ?? 0;
  if (project?.resourcePolicy) {
    const projectPolicy = await kit.db.identity.policies.project.get(project.resourcePolicy);
    limit = projectPolicy?.maxVfolderCount ?? 0;
  } else if (project) {
    limit = 0;
  }
  const owned = (
    await kit.db.vfolders.list(project ? { groupIds: [project.id] } : { userIds: [caller.userId] })
  ).filter((folder) => !GONE_STATUSES.includes(folder.status));
  if (limit > 0 && owned.length >= limit) throw VfolderErrors.countExceeded(limit);
  const rivals = project
    ? owned
    : (await kit.folders.visible(caller))
        .map((entry) => entry.folder)
        .filter((folder) => !GONE_STATUSES.includes(folder.status));
  if (rivals.some((folder) => folder.name === name)) throw VfolderErrors.alreadyExists(name);

  let quota = order.quotaBytes !== undefined && order.quotaBytes > 0 ? order.quotaBytes : undefined;
  const maxSize = project ? 0 : (policy?.maxVfolderSize ?? 0);
  if (maxSize > 0 && (quota === undefined || quota > maxSize)) quota = maxSize;

  const id = randomUUID();
  const quotaScopeId = project ? `project:${project.id}` : `user:${caller.userId}`;
  if (options.onProxy) {
    await kit.proxies.call(host, '/folder/create', {
      quota_scope_id: quotaScopeId,
      vfid: id,
      ...(quota !== undefined ? { quota_bytes: quota } : {}),
    });
  }
  const folder = await kit.db.vfolders.create({
    id,
    host,
    quotaScopeId,
    name,
    usageMode: order.usageMode,
    permission: order.permission,
    maxSize: quota ?? null,
    ownerUserId: project ? null : caller.userId,
    ownerGroupId: project?.id ?? null,
    creator: caller.userEmail,
    cloneable: order.cloneable,
    status: options.status,
  });
  kit.log.info('vfolder created', { vfolder: folder.id, host, quotaScope: quotaScopeOf(folder) });
  return folder;
}
