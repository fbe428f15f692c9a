import type { Database, KernelMount, Logger } from '@tessera/core';
import { AccessPolicy, ManagerErrors } from '@tessera/manager';
import type { MountRequest, VfolderMountResolver } from '@tessera/manager-sessions';
import { folderRef, requireStatus, type AccessibleFolder, type FolderAccess } from '../folders/folder-access';
import { isDotFolder } from '../folders/folder-names';
import { hostGrantsOf, requireHostPermission } from '../folders/host-grants';
import type { StorageProxies } from '../storage/storage-proxies';
import { VFOLDER_ACCESS } from '../vfolder-access';
import { VfolderErrors } from '../vfolder-errors';
import { kernelPathOf } from './mount-paths';

/**
 * The vfolder mounts of a new session (`manager-sessions/vfolder-mounts`): every folder named in
 * `mounts` or `mount_map` (by name or id) that the session's owner may use, at `/home/work/<name>`
 * or its alias, with the owner's permission (an `ro` grant mounts read-only); then the owner's
 * own dot-folders (`.local`, `.ssh`, ...) at `/home/work/<name>`. The host path comes from the
 * folder's storage proxy. A folder the owner may not use is the folder's 404; more folders than the
 * keypair policy's `max_vfolder_mounts`, a host without `mount-in-session`, a bad alias or two
 * folders at one path is refused, and nothing is mounted (dot-folders do not count).
 */
export class FolderMountResolver implements VfolderMountResolver {
  /** The vfolder actions alone: the mount action's rule is the feature's own. */
  private readonly access = new AccessPolicy([VFOLDER_ACCESS]);

  constructor(
    private readonly db: Database,
    private readonly folders: FolderAccess,
    private readonly proxies: StorageProxies,
    private readonly log: Logger,
  ) {}

  async resolve(request: MountRequest): Promise<KernelMount[]> {
    const owner = await this.db.keypairs.findByAccessKey(request.owner.accessKey);
    if (!owner || owner.userId !== request.owner.userId)
      throw ManagerErrors.invalidParams(`No keypair "${request.owner.accessKey}" for the session's owner`);
    const asked = [...new Set([...request.mounts, ...Object.keys(request.mountMap)])];
    const chosen: Array<{ entry: AccessibleFolder; kernelPath: string }> = [];
    for (const nameOrId of asked) {
      const entry = await this.folders.find(owner, nameOrId, 'vfolder.mount', this.access);
      requireStatus(entry.folder, ['ready', 'mounted']);
      chosen.push({ entry, kernelPath: kernelPathOf(entry.folder.name, request.mountMap[nameOrId]) });
    }
    const mountedIds = new Set(chosen.map(({ entry }) => entry.folder.id));
    if (mountedIds.size > 0) await this.checkMountCount(owner.resourcePolicy, mountedIds.size);
    const dotFolders = (await this.folders.owned(owner)).filter(
      (entry) =>
        isDotFolder(entry.folder.name) && entry.folder.status === 'ready' && !mountedIds.has(entry.folder.id),
    );
    for (const entry of dotFolders)
      chosen.push({ entry, kernelPath: kernelPathOf(entry.folder.name, undefined) });
    const paths = new Map<string, string>();
    for (const { entry, kernelPath } of chosen) {
      const other = paths.get(kernelPath);
      if (other)
        throw ManagerErrors.invalidParams(
          `mount_map: "${other}" and "${entry.folder.name}" would both be mounted at ${kernelPath}`,
          { field: 'mount_map' },
        );
      paths.set(kernelPath, entry.folder.name);
    }
    if (chosen.length === 0) return [];
    const grants = await hostGrantsOf(this.db, owner, request.owner.groupId ?? undefined);
    const mounts: KernelMount[] = [];
    for (const { entry, kernelPath } of chosen) {
      requireHostPermission(grants, entry.folder.host, 'mount-in-session');
      const { path } = await this.proxies.call<{ path: string }>(
        entry.folder.host,
        '/folder/mount',
        folderRef(entry.folder),
      );
      if (typeof path !== 'string' || !path.startsWith('/'))
        throw VfolderErrors.storageUnavailable(
          entry.folder.host,
          'the proxy answered no absolute mount path',
        );
      mounts.push({ hostPath: path, kernelPath, permission: entry.permission });
    }
    this.log.info('vfolder mounts resolved', {
      owner: owner.accessKey,
      mounts: mounts.map((mount) => mount.kernelPath),
    });
    return mounts;
  }

  /** The keypair policy's `max_vfolder_mounts` (0: no limit) bounds the folders a session names. */
  private async checkMountCount(policyName: string, asked: number): Promise<void> {
    const policy = await this.db.identity.policies.keypair.get(policyName);
    const limit = policy?.maxVfolderMounts ?? 0;
    if (limit > 0 && asked > limit)
      throw ManagerErrors.invalidParams(
        `mounts: ${asked} folders asked for; the resource policy "${policyName}" allows ${limit} per session`,
        { field: 'mounts', max_vfolder_mounts: limit },
      );
  }
}
