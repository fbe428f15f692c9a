import { EntitySchema, type Collection } from '@mikro-orm/core';
import type { DomainRow } from './domain.entity';
import { enumColumn, USER_ROLES, USER_STATUSES, type UserRole, type UserStatus } from './enum-values';
import type { GroupRow } from './group.entity';
import type { UserResourcePolicyRow } from './user-resource-policy.entity';

/** A person (or service account) who owns keypairs, sessions and vfolders. */
export interface UserRow {
  uuid: string;
  email: string;
  username: string;
  /** bcrypt hash (`$2b$12$...`, the format Backend.AI stores); null when password login is off. */
  passwordHash: string | null;
  needPasswordChange: boolean;
  fullName: string | null;
  description: string | null;
  status: UserStatus;
  statusInfo: string | null;
  role: UserRole;
  domain: DomainRow;
  resourcePolicy: UserResourcePolicyRow | null;
  /** The keypair whose policy limits the user as a whole (upstream's `main_access_key`). */
  mainAccessKey: string | null;
  groups: Collection<GroupRow>;
  /** When the password was last set; null when never, or for rows from before it was kept. */
  passwordChangedAt: Date | null;
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
    status: { ...enumColumn(USER_STATUSES), default: 'active' },
    statusInfo: { type: 'string', length: 64, nullable: true },
    role: { ...enumColumn(USER_ROLES), default: 'user' },
    domain: { kind: 'm:1', entity: () => 'Domain', fieldName: 'domain_name', index: 'ix_users_domain_name' },
    resourcePolicy: {
      kind: 'm:1',
      entity: () => 'UserResourcePolicy',
      fieldName: 'resource_policy',
      nullable: true,
    },
    mainAccessKey: { type: 'string', length: 20, nullable: true },
    groups: {
      kind: 'm:n',
      entity: () => 'Group',
      owner: true,
      pivotTable: 'association_groups_users',
      joinColumn: 'user_id',
      inverseJoinColumn: 'group_id',
    },
    passwordChangedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
