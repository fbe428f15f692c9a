import type { AccessRules } from '@tessera/manager';

/**
 * What a caller must hold on the folder itself for a per-folder action, after the permission table
 * let its role try (Backend.AI's `vfolder_permission_required`): `ro` any grant, `rw` read-write or
 * read-write-delete, `wd` read-write-delete, `owner` the owner (a user folder's user; a project
 * folder's domain admin or a superadmin). The owner always holds `wd`. A caller short of it gets
 * the folder's 404, as upstream, so that nothing tells a stranger the folder exists.
 */
export const FOLDER_GRANT_NEEDED = {
  'vfolder.info': 'ro',
  'vfolder.files': 'ro',
  'vfolder.download': 'ro',
  'vfolder.clone': 'ro',
  'vfolder.leave': 'ro',
  'vfolder.mount': 'ro',
  'vfolder.upload': 'rw',
  'vfolder.mkdir': 'rw',
  'vfolder.rename-file': 'rw',
  'vfolder.move-file': 'rw',
  'vfolder.delete-files': 'rw',
  /** To the trash and back: the owner or a `wd` grant (upstream 24.03's delete and restore). */
  'vfolder.trash': 'wd',
  'vfolder.restore': 'wd',
  'vfolder.delete-forever': 'owner',
  'vfolder.rename': 'owner',
  'vfolder.update-options': 'owner',
  'vfolder.set-quota': 'owner',
  'vfolder.invite': 'owner',
  'vfolder.share': 'owner',
  'vfolder.shared-update': 'owner',
} as const satisfies Record<string, FolderGrant>;

export type FolderGrant = 'ro' | 'rw' | 'wd' | 'owner';
export type FolderAction = keyof typeof FOLDER_GRANT_NEEDED;

const EVERY_ROLE = { superadmin: 'any', admin: 'any', user: 'any', monitor: 'any' } as const;

const DESCRIPTIONS: Record<FolderAction, string> = {
  'vfolder.info': 'read a virtual folder',
  'vfolder.files': 'list the files of a virtual folder',
  'vfolder.download': 'download from a virtual folder',
  'vfolder.clone': 'clone a virtual folder',
  'vfolder.leave': 'leave a shared virtual folder',
  'vfolder.mount': 'mount a virtual folder in a session',
  'vfolder.upload': 'upload to a virtual folder',
  'vfolder.mkdir': 'make directories in a virtual folder',
  'vfolder.rename-file': 'rename files in a virtual folder',
  'vfolder.move-file': 'move files in a virtual folder',
  'vfolder.delete-files': 'delete files in a virtual folder',
  'vfolder.trash': 'move a virtual folder to the trash',
  'vfolder.restore': 'restore a virtual folder from the trash',
  'vfolder.delete-forever': 'delete a trashed virtual folder from its storage',
  'vfolder.rename': 'rename a virtual folder',
  'vfolder.update-options': "change a virtual folder's permission and cloneable flag",
  'vfolder.set-quota': "change a virtual folder's quota",
  'vfolder.invite': 'invite users to a virtual folder',
  'vfolder.share': 'share a project virtual folder with users',
  'vfolder.shared-update': "change a shared user's permission",
};

/**
 * The vfolder feature's rows of the manager's permission table (`manager/access-rules`). Every
 * role may try a per-folder action (the folder's grant then decides, FOLDER_GRANT_NEEDED); the
 * rest are role decisions as Backend.AI 22.09 makes them: `all=true` listings and `_/usage` are
 * superadmin only, project folders are created by domain admins (own domain) and superadmins,
 * and trashed folders are purged by admins.
 */
export const VFOLDER_ACCESS = {
  ...(Object.fromEntries(
    Object.entries(DESCRIPTIONS).map(([action, description]) => [action, { description, roles: EVERY_ROLE }]),
  ) as Record<FolderAction, { description: string; roles: typeof EVERY_ROLE }>),
  'vfolder.list': { description: 'list the virtual folders it may use', roles: EVERY_ROLE },
  'vfolder.list-all': { description: 'list every virtual folder (all=true)', roles: { superadmin: 'any' } },
  'vfolder.create': { description: 'create virtual folders of its own', roles: EVERY_ROLE },
  'vfolder.create-project': {
    description: 'create project virtual folders',
    roles: { superadmin: 'any', admin: 'domain' },
  },
  'vfolder.usage': { description: "read any virtual folder's usage", roles: { superadmin: 'any' } },
  'vfolder.all-hosts': {
    description: 'list every vfolder host, granted or not',
    roles: { superadmin: 'any' },
  },
  'vfolder.purge': {
    description: 'purge deleted virtual folders from the database',
    roles: { superadmin: 'any', admin: 'domain' },
  },
  'vfolder.read-admin': {
    description: 'read virtual folders through the admin API',
    roles: { superadmin: 'any', admin: 'domain', user: 'self', monitor: 'any' },
  },
} as const satisfies AccessRules;
