import { EntitySchema } from '@mikro-orm/core';
import {
  enumColumn,
  VFOLDER_INVITATION_STATES,
  VFOLDER_PERMISSIONS,
  type VfolderInvitationState,
  type VfolderPermission,
} from './enum-values';
import type { VfolderRow } from './vfolder.entity';

/** An offer to share a vfolder: the invitee accepts (gaining `permission`) or rejects it. */
export interface VfolderInvitationRow {
  id: string;
  vfolder: VfolderRow;
  /** Emails, as the API shows them. */
  inviter: string;
  invitee: string;
  permission: VfolderPermission;
  state: VfolderInvitationState;
  createdAt: Date;
  modifiedAt: Date | null;
}

export const VfolderInvitationEntity = new EntitySchema<VfolderInvitationRow>({
  name: 'VfolderInvitation',
  tableName: 'vfolder_invitations',
  indexes: [{ name: 'ix_vfolder_invitations_invitee_state', properties: ['invitee', 'state'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    vfolder: {
      kind: 'm:1',
      entity: () => 'Vfolder',
      fieldName: 'vfolder',
      deleteRule: 'cascade',
      index: 'ix_vfolder_invitations_vfolder',
    },
    inviter: { type: 'string', length: 256 },
    invitee: { type: 'string', length: 256 },
    permission: { ...enumColumn(VFOLDER_PERMISSIONS), default: 'ro' },
    state: { ...enumColumn(VFOLDER_INVITATION_STATES), default: 'pending' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', nullable: true },
  },
});
