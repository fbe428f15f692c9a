import { EntitySchema, type Collection } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';
import type { DomainRow, VfolderHostPermissions } from './domain.entity';
import { enumColumn, PROJECT_TYPES, type ProjectType } from './enum-values';
import type { ProjectResourcePolicyRow } from './project-resource-policy.entity';
import type { UserRow } from './user.entity';

/** A project (Backend.AI's group): users work in it, sessions and project vfolders belong to it. */
export interface GroupRow {
  id: string;
  name: string;
  domain: DomainRow;
  type: ProjectType;
  description: string | null;
  isActive: boolean;
  totalResourceSlots: SlotsJSON;
  allowedVfolderHosts: VfolderHostPermissions;
  integrationId: string | null;
  resourcePolicy: ProjectResourcePolicyRow | null;
  /** Members, through `association_groups_users`. */
  users: Collection<UserRow>;
  createdAt: Date;
  modifiedAt: Date;
}

export const GroupEntity = new EntitySchema<GroupRow>({
  name: 'Group',
  tableName: 'groups',
  uniques: [{ name: 'uq_groups_name_domain', properties: ['name', 'domain'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 64 },
    domain: { kind: 'm:1', entity: () => 'Domain', fieldName: 'domain_name' },
    type: { ...enumColumn(PROJECT_TYPES), default: 'GENERAL' },
    description: { type: 'text', nullable: true },
    isActive: { type: 'boolean', default: true },
    totalResourceSlots: { type: 'json' },
    allowedVfolderHosts: { type: 'json' },
    integrationId: { type: 'string', length: 512, nullable: true },
    resourcePolicy: {
      kind: 'm:1',
      entity: () => 'ProjectResourcePolicy',
      fieldName: 'resource_policy',
      nullable: true,
    },
    users: { kind: 'm:n', entity: () => 'User', mappedBy: 'groups' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
