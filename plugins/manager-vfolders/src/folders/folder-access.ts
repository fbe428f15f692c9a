import type {
  Database,
  KeypairRecord,
  VfolderPermissionCode,
  VfolderRecord,
  VfolderStatusCode,
} from '@tessera/core';
import { roleOf, type AccessPolicy } from '@tessera/manager';
import { FOLDER_GRANT_NEEDED, type FolderAction } from '../vfolder-access';
import { VfolderErrors } from '../vfolder-errors';

/** A folder the caller may use, with what it holds there. */
export interface AccessibleFolder {
  folder: VfolderRecord;
  /** The owner's is always `wd`. */
  permission: VfolderPermissionCode;
  isOwner: boolean;
}

/** Folders in the trash: found only by the trash's own actions. */
export const TRASH_STATUSES: readonly VfolderStatusCode[] = ['delete-pending', 'delete-error'];
/** Folders gone from their storage, waiting for a purge: no action but purge finds them. */
export const GONE_STATUSES: readonly VfolderStatusCode[] = ['delete-ongoing', 'delete-complete'];

const RANK: Record<VfolderPermissionCode, number> = { ro: 1, rw: 2, wd: 3 };

/**
 * Who may use which folder (Backend.AI's `query_accessible_vfolders`): a user folder's owner
 * (`wd`), a user holding a grant (an accepted invitation or a share: its permission), a project
 * folder's members (the folder's permission, or their own grant when they have one), and as the
 * project folder's owners the domain admins of its domain and the superadmins. Other users'
 * private folders stay invisible to admins here, as upstream.
 */
export class FolderAccess {
  constructor(private readonly db: Database) {}

  /**
   * The caller's own user folders (`wd`, as their owner), in any status: one indexed read, where
   * `visible` also reads grants, projects and, for admins, the folders of a domain or of everyone.
   */
  async owned(caller: KeypairRecord): Promise<AccessibleFolder[]> {
    return (await this.db.vfolders.list({ userIds: [caller.userId] })).map((folder) => ({
      folder,
      permission: 'wd',
      isOwner: true,
    }));
  }

  /** Every folder the caller may use, in any status. */
  async visible(caller: KeypairRecord): Promise<AccessibleFolder[]> {
    const found = new Map<string, AccessibleFolder>();
    const keep = (entry: AccessibleFolder) => {
      const present = found.get(entry.folder.id);
      if (
        !present ||
        (entry.isOwner && !present.isOwner) ||
        RANK[entry.permission] > RANK[present.permission]
      )
        found.set(entry.folder.id, entry);
    };
    for (const entry of await this.owned(caller)) keep(entry);
    const grants = await this.db.vfolders.grantsOf(caller.userId);
    const granted = new Map(grants.map((grant) => [grant.vfolderId, grant.permission]));
    if (grants.length > 0) {
      for (const folder of await this.db.vfolders.list({ ids: [...granted.keys()] }))
        keep({ folder, permission: granted.get(folder.id)!, isOwner: false });
    }
    const projects = await this.db.identity.projects.projectsOf(caller.userId);
    if (projects.length > 0) {
      for (const folder of await this.db.vfolders.list({ groupIds: projects.map((project) => project.id) }))
        keep({ folder, permission: granted.get(folder.id) ?? folder.permission, isOwner: false });
    }
    const role = roleOf(caller);
    if (role === 'superadmin' || role === 'admin') {
      const scope = role === 'superadmin' ? {} : { domainName: caller.domainName };
      for (const folder of await this.db.vfolders.list(scope))
        if (folder.ownershipType === 'group') keep({ folder, permission: 'wd', isOwner: true });
    }
    return [...found.values()].sort(
      (a, b) => a.folder.name.localeCompare(b.folder.name) || a.folder.id.localeCompare(b.folder.id),
    );
  }

  /**
   * The folder `nameOrId` names for `action`: the permission table must let the caller's role try
   * it (`forbidden` otherwise), and the caller must hold the grant the action needs on the folder,
   * or the answer is the folder's 404. By name, folders in the trash are found only with `trash`
   * (restore, delete forever), and others only without it; the caller's own folder wins a name
   * shared with a folder shared to it.
   */
  async find(
    caller: KeypairRecord,
    nameOrId: string,
    action: FolderAction,
    access: AccessPolicy,
    options: { trash?: boolean } = {},
  ): Promise<AccessibleFolder> {
    access.authorize(caller, action);
    const inTrash = options.trash ?? false;
    const wanted = (entry: AccessibleFolder) =>
      !GONE_STATUSES.includes(entry.folder.status) &&
      TRASH_STATUSES.includes(entry.folder.status) === inTrash;
    const candidates = (await this.visible(caller)).filter(
      (entry) =>
        wanted(entry) &&
        (entry.folder.id === nameOrId.toLowerCase() ||
          entry.folder.id.replace(/-/g, '') === nameOrId.toLowerCase() ||
          entry.folder.name === nameOrId),
    );
    const entry = candidates.find((candidate) => candidate.isOwner) ?? candidates[0];
    if (!entry || !holds(entry, FOLDER_GRANT_NEEDED[action])) throw VfolderErrors.notFound(nameOrId);
    return entry;
  }
}

/** Whether the entry's permission covers what the action needs. */
export function holds(entry: Pick<AccessibleFolder, 'permission' | 'isOwner'>, needed: string): boolean {
  if (entry.isOwner) return true;
  if (needed === 'owner') return false;
  return RANK[entry.permission] >= RANK[needed as VfolderPermissionCode];
}

/** Refuses unless the folder is in one of `allowed` (upstream's check_vfolder_status). */
export function requireStatus(folder: VfolderRecord, allowed: readonly VfolderStatusCode[]): void {
  if (!allowed.includes(folder.status)) throw VfolderErrors.badStatus(folder.name, folder.status, allowed);
}

/** `user:<uuid>` or `project:<uuid>`: the quota scope a folder counts against. */
export function quotaScopeOf(folder: Pick<VfolderRecord, 'quotaScopeId' | 'userId' | 'groupId'>): string {
  if (folder.quotaScopeId) return folder.quotaScopeId;
  return folder.groupId ? `project:${folder.groupId}` : `user:${folder.userId}`;
}

/** The body every folder call to the proxy starts with. */
export function folderRef(folder: VfolderRecord): { quota_scope_id: string; vfid: string } {
  return { quota_scope_id: quotaScopeOf(folder), vfid: folder.id };
}
