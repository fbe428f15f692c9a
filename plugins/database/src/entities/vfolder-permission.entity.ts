import { EntitySchema } from '@mikro-orm/core';
import { enumColumn, VFOLDER_PERMISSIONS, type VfolderPermission } from './enum-values';
import type { UserRow } from './user.entity';
import type { VfolderRow } from './vfolder.entity';

/** A user other than the owner who may use a vfolder (after accepting an invitation or a share). */
export interface VfolderPermissionRow {
  id: string;
  vfolder: VfolderRow;
  user: UserRow;
  permission: VfolderPermission;
}

export const VfolderPermissionEntity = new EntitySchema<VfolderPermissionRow>({
  name: 'VfolderPermission',
  tableName: 'vfolder_permissions',
  uniques: [{ name: 'uq_vfolder_permissions_vfolder_user', properties: ['vfolder', 'user'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    vfolder: { kind: 'm:1', entity: () => 'Vfolder', fieldName: 'vfolder', deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => 'User', fieldName: 'user', deleteRule: 'cascade' },
    permission: { ...enumColumn(VFOLDER_PERMISSIONS), default: 'rw' },
  },
});
