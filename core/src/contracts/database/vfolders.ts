/** A vfolder permission: read-only, read-write, read-write-delete (Backend.AI's ro / rw / wd). */
export type VfolderPermissionCode = 'ro' | 'rw' | 'wd';
export const VFOLDER_PERMISSION_CODES = [
  'ro',
  'rw',
  'wd',
] as const satisfies readonly VfolderPermissionCode[];

export type VfolderUsageModeCode = 'general' | 'model' | 'data';
export const VFOLDER_USAGE_MODE_CODES = [
  'general',
  'model',
  'data',
] as const satisfies readonly VfolderUsageModeCode[];

/** A vfolder's life (Backend.AI's VFolderOperationStatus values). */
export type VfolderStatusCode =
  | 'ready'
  | 'performing'
  | 'cloning'
  | 'mounted'
  | 'error'
  | 'delete-pending'
  | 'delete-ongoing'
  | 'delete-complete'
  | 'delete-error';

export type VfolderInvitationStateCode = 'pending' | 'canceled' | 'accepted' | 'rejected';

/** A vfolder with its owner's names, as the API shows it. */
export interface VfolderRecord {
  id: string;
  /** `<proxy>:<volume>`. */
  host: string;
  /** `user:<uuid>` or `project:<uuid>`. */
  quotaScopeId: string | null;
  name: string;
  usageMode: VfolderUsageModeCode;
  /** For a project folder, the members' permission; for a user folder, the default share permission. */
  permission: VfolderPermissionCode;
  maxFiles: number;
  /** Quota in bytes; null when none was asked. */
  maxSize: number | null;
  numFiles: number;
  curSize: number;
  ownershipType: 'user' | 'group';
  /** The owning user (user folders). */
  userId: string | null;
  userEmail: string | null;
  /** The owning project (group folders). */
  groupId: string | null;
  groupName: string | null;
  /** The owner's domain: the user's, or the project's. */
  domainName: string;
  /** E-mail of whoever created it. */
  creator: string | null;
  unmanagedPath: string | null;
  cloneable: boolean;
  status: VfolderStatusCode;
  createdAt: Date;
  lastUsed: Date | null;
}

export interface NewVfolder {
  /** Generated when absent. */
  id?: string;
  host: string;
  quotaScopeId: string;
  name: string;
  usageMode: VfolderUsageModeCode;
  permission: VfolderPermissionCode;
  maxSize: number | null;
  ownerUserId: string | null;
  ownerGroupId: string | null;
  creator: string;
  cloneable: boolean;
  status: VfolderStatusCode;
}

export interface VfolderChanges {
  name?: string;
  status?: VfolderStatusCode;
  permission?: VfolderPermissionCode;
  cloneable?: boolean;
  /** The folder's own quota in bytes; null: none. */
  maxSize?: number | null;
  numFiles?: number;
  curSize?: number;
  lastUsed?: Date;
}

/** Which folders to read; every condition given must hold. */
export interface VfolderFilter {
  ids?: readonly string[];
  /** Folders owned by one of these users. */
  userIds?: readonly string[];
  /** Folders owned by one of these projects. */
  groupIds?: readonly string[];
  /** Folders whose owner is in this domain. */
  domainName?: string;
  name?: string;
  /** Only these statuses. */
  statuses?: readonly VfolderStatusCode[];
}

export type VfolderOrderKey = 'name' | 'host' | 'createdAt' | 'lastUsed' | 'usageMode' | 'status' | 'curSize';

/** A user other than the owner who may use a folder (an accepted invitation or a share). */
export interface VfolderGrantRecord {
  vfolderId: string;
  userId: string;
  userEmail: string;
  permission: VfolderPermissionCode;
}

export interface VfolderInvitationRecord {
  id: string;
  vfolderId: string;
  vfolderName: string;
  /** E-mails. */
  inviter: string;
  invitee: string;
  permission: VfolderPermissionCode;
  state: VfolderInvitationStateCode;
  createdAt: Date;
  modifiedAt: Date | null;
}

/**
 * vfolders, their grants (`vfolder_permissions`) and invitations, for the manager's vfolder feature.
 * The feature decides who may do what; the repository stores. Writes answer `object-not-found` for
 * a missing folder or invitation and `object-already-exists` for a duplicate grant.
 */
export interface VfolderRepository {
  get(id: string): Promise<VfolderRecord | null>;
  /** Matching folders by name then id. */
  list(filter?: VfolderFilter): Promise<VfolderRecord[]>;
  /** A page of matching folders and how many match in all. */
  page(
    filter: VfolderFilter,
    page: { limit: number; offset: number; orderBy: VfolderOrderKey; ascending: boolean },
  ): Promise<{ totalCount: number; items: VfolderRecord[] }>;
  create(folder: NewVfolder): Promise<VfolderRecord>;
  modify(id: string, changes: VfolderChanges): Promise<VfolderRecord>;
  /** Removes the row with its grants and invitations. */
  delete(id: string): Promise<void>;
  /** Sets `status` only if it is one of `from`; answers whether it changed (a compare-and-set). */
  transition(id: string, from: readonly VfolderStatusCode[], to: VfolderStatusCode): Promise<boolean>;

  /** Grants of one folder, or of every folder given, by e-mail. */
  grants(vfolderIds: readonly string[]): Promise<VfolderGrantRecord[]>;
  /** Every grant a user holds. */
  grantsOf(userId: string): Promise<VfolderGrantRecord[]>;
  /** Creates or replaces the user's grant on the folder. */
  grant(vfolderId: string, userId: string, permission: VfolderPermissionCode): Promise<void>;
  /** Removes a grant; answers whether there was one. */
  revoke(vfolderId: string, userId: string): Promise<boolean>;
  /** Removes every grant and invitation of a folder (it went to the trash). */
  removeRelations(vfolderId: string): Promise<void>;

  createInvitation(invitation: {
    vfolderId: string;
    inviter: string;
    invitee: string;
    permission: VfolderPermissionCode;
  }): Promise<VfolderInvitationRecord>;
  invitation(id: string): Promise<VfolderInvitationRecord | null>;
  /** Invitations matching every condition given, oldest first. */
  invitations(filter: {
    vfolderId?: string;
    inviter?: string;
    invitee?: string;
    states?: readonly VfolderInvitationStateCode[];
  }): Promise<VfolderInvitationRecord[]>;
  modifyInvitation(
    id: string,
    changes: { state?: VfolderInvitationStateCode; permission?: VfolderPermissionCode },
  ): Promise<VfolderInvitationRecord>;
}
