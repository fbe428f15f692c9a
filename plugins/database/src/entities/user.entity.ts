import { EntitySchema, type Collection } from '@mikro-orm/core';
import type { DomainRow } from './domain.entity';
import type { GroupRow } from './group.entity';

export const USER_ROLES = ['superadmin', 'admin', 'user', 'monitor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'inactive', 'deleted', 'before-verification'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A person (or service account) who owns keypairs, sessions and vfolders. */
export interface UserRow {
  uuid: string;
  email: string;
  username: string;
  /** Encoded password hash (`<algorithm>$...`); null when the user cannot log in with a password. */
  passwordHash: string | null;
  needPasswordChange: boolean;
  fullName: string | null;
  description: string | null;
  status: UserStatus;
  role: UserRole;
  domain: DomainRow;
  groups: Collection<GroupRow>;
  createdAt: Date;
  modifiedAt: Date;
}

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  properties: {
    uuid: { type: 'uuid', primary: true },
    email: { type: 'string', length: 64, unique: 'uq_users_email' },
    username: { type: 'string', length: 64, unique: 'uq_users_username' },
    passwordHash: { type: 'string', length: 256, nullable: true },
    needPasswordChange: { type: 'boolean', default: false },
    fullName: { type: 'string', length: 64, nullable: true },
    description: { type: 'text', nullable: true },
    status: { type: 'string', length: 32, default: 'active' },
    role: { type: 'string', length: 16, default: 'user' },
    domain: { kind: 'm:1', entity: () => 'Domain', fieldName: 'domain_name' },
    groups: {
      kind: 'm:n',
      entity: () => 'Group',
      owner: true,
      pivotTable: 'association_groups_users',
      joinColumn: 'user_id',
      inverseJoinColumn: 'group_id',
    },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
