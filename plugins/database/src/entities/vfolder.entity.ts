import { BigIntType, EntitySchema } from '@mikro-orm/core';
import {
  enumColumn,
  VFOLDER_OWNERSHIP_TYPES,
  VFOLDER_PERMISSIONS,
  VFOLDER_STATUSES,
  VFOLDER_USAGE_MODES,
  type VfolderOwnershipType,
  type VfolderPermission,
  type VfolderStatus,
  type VfolderUsageMode,
} from './enum-values';
import type { GroupRow } from './group.entity';
import type { UserRow } from './user.entity';

/** A virtual folder on a storage volume, owned by a user or by a project. */
export interface VfolderRow {
  id: string;
  /** The volume it lives on (`proxy-name:volume-name`). */
  host: string;
  /** `user:<uuid>` or `project:<uuid>`: the scope whose quota it counts against. */
  quotaScopeId: string | null;
  name: string;
  usageMode: VfolderUsageMode;
  /** The owner's permission (others get theirs from `vfolder_permissions`). */
  permission: VfolderPermission;
  maxFiles: number;
  /** Quota in bytes; null when the volume sets none. */
  maxSize: number | null;
  numFiles: number;
  curSize: number;
  ownershipType: VfolderOwnershipType;
  user: UserRow | null;
  group: GroupRow | null;
  /** Email of whoever created it. */
  creator: string | null;
  /** A host path outside the volume's managed area, for admin-made folders. */
  unmanagedPath: string | null;
  cloneable: boolean;
  status: VfolderStatus;
  createdAt: Date;
  lastUsed: Date | null;
}

export const VfolderEntity = new EntitySchema<VfolderRow>({
  name: 'Vfolder',
  tableName: 'vfolders',
  indexes: [{ name: 'ix_vfolders_host_name', properties: ['host', 'name'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    host: { type: 'string', length: 128 },
    quotaScopeId: { type: 'string', length: 64, nullable: true },
    name: { type: 'string', length: 64 },
    usageMode: { ...enumColumn(VFOLDER_USAGE_MODES), default: 'general' },
    permission: { ...enumColumn(VFOLDER_PERMISSIONS), default: 'rw' },
    maxFiles: { type: 'integer', default: 1000 },
    maxSize: { type: new BigIntType('number'), nullable: true },
    numFiles: { type: 'integer', default: 0 },
    curSize: { type: new BigIntType('number'), default: 0 },
    ownershipType: { ...enumColumn(VFOLDER_OWNERSHIP_TYPES), default: 'user' },
    user: { kind: 'm:1', entity: () => 'User', fieldName: 'user', nullable: true, index: 'ix_vfolders_user' },
    group: {
      kind: 'm:1',
      entity: () => 'Group',
      fieldName: 'group',
      nullable: true,
      index: 'ix_vfolders_group',
    },
    creator: { type: 'string', length: 128, nullable: true },
    unmanagedPath: { type: 'text', nullable: true },
    cloneable: { type: 'boolean', default: false },
    status: { ...enumColumn(VFOLDER_STATUSES), default: 'ready' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    lastUsed: { type: 'datetime', nullable: true },
  },
});
