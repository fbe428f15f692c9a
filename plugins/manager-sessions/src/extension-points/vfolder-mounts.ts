import { createExtensionPoint, type KernelMount } from '@tessera/core';

/** Whose session is being created: the mounts are resolved with the owner's rights. */
export interface MountOwner {
  userId: string;
  accessKey: string;
  domainName: string;
  /** The session's project; null when the domain has no project of the requested name. */
  groupId: string | null;
}

/** What `POST /session` asked to mount (`config.mounts`, `config.mount_map`). */
export interface MountRequest {
  owner: MountOwner;
  /** vfolder names or ids, in the order given. */
  mounts: string[];
  /** vfolder name -> path in the kernel (relative: under /home/work; absolute: as given). */
  mountMap: Record<string, string>;
}

/**
 * `manager-sessions/vfolder-mounts`: turns a session's requested vfolders into the host folders
 * each kernel binds (the storage feature contributes it). It resolves names with the owner's
 * permission (an `ro` grant gives an `ro` mount), adds the owner's dot-folders, applies the
 * resource policy's mount limits and refuses, with a TesseraError naming the folder or the path,
 * what cannot be mounted. Without a contribution, a session that asks for mounts is refused.
 */
export interface VfolderMountResolver {
  resolve(request: MountRequest): Promise<KernelMount[]>;
}

export const VfolderMounts = createExtensionPoint<VfolderMountResolver>('manager-sessions/vfolder-mounts');
