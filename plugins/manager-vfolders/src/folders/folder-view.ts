import type { VfolderInvitationRecord, VfolderRecord } from '@tessera/core';
import type { AccessibleFolder } from './folder-access';

/** A UUID as Backend.AI's REST answers print it (`uuid.hex`, no dashes). */
export function hexId(id: string): string {
  return id.replace(/-/g, '');
}

const MIB = 2 ** 20;

/** `max_size` as upstream shows it: MiB. */
export function maxSizeMiB(folder: VfolderRecord): number | null {
  return folder.maxSize === null ? null : Math.floor(folder.maxSize / MIB);
}

/** One item of `GET /folders` (upstream 22.09's list_folders). */
export function listItem({ folder, permission, isOwner }: AccessibleFolder): Record<string, unknown> {
  return {
    name: folder.name,
    id: hexId(folder.id),
    host: folder.host,
    status: folder.status,
    usage_mode: folder.usageMode,
    created_at: folder.createdAt.toISOString(),
    is_owner: isOwner,
    permission,
    user: folder.userId,
    group: folder.groupId,
    creator: folder.creator,
    user_email: folder.userEmail,
    group_name: folder.groupName,
    ownership_type: folder.ownershipType,
    type: folder.ownershipType,
    cloneable: folder.cloneable,
    max_files: folder.maxFiles,
    max_size: maxSizeMiB(folder),
    cur_size: folder.curSize,
  };
}

/** `GET /folders/:name` (upstream's get_info), with the proxy's usage figures. */
export function infoView(
  { folder, permission, isOwner }: AccessibleFolder,
  usage: { file_count: number; used_bytes: number },
): Record<string, unknown> {
  const createdAt = folder.createdAt.toISOString();
  return {
    name: folder.name,
    id: hexId(folder.id),
    host: folder.host,
    status: folder.status,
    numFiles: usage.file_count,
    num_files: usage.file_count,
    used_bytes: usage.used_bytes,
    created: createdAt,
    created_at: createdAt,
    last_used: (folder.lastUsed ?? folder.createdAt).toISOString(),
    user: folder.userId,
    group: folder.groupId,
    type: folder.ownershipType,
    is_owner: isOwner,
    permission,
    usage_mode: folder.usageMode,
    cloneable: folder.cloneable,
    max_size: maxSizeMiB(folder),
    cur_size: folder.curSize,
  };
}

/** The answer of a create or a clone (upstream's create / clone response). */
export function createdView(folder: VfolderRecord): Record<string, unknown> {
  return {
    id: hexId(folder.id),
    name: folder.name,
    host: folder.host,
    usage_mode: folder.usageMode,
    permission: folder.permission,
    max_size: maxSizeMiB(folder),
    creator: folder.creator,
    ownership_type: folder.ownershipType,
    user: folder.userId,
    group: folder.groupId,
    cloneable: folder.cloneable,
    status: folder.status,
  };
}

/** One invitation (upstream's invitations / list_sent_invitations items). */
export function invitationView(invitation: VfolderInvitationRecord): Record<string, unknown> {
  return {
    id: invitation.id,
    inviter: invitation.inviter,
    invitee: invitation.invitee,
    perm: invitation.permission,
    state: invitation.state,
    created_at: invitation.createdAt.toISOString(),
    modified_at: invitation.modifiedAt?.toISOString() ?? null,
    vfolder_id: invitation.vfolderId,
    vfolder_name: invitation.vfolderName,
  };
}
