import { EntitySchema, type Collection } from '@mikro-orm/core';
import type { DomainRow } from './domain.entity';
import type { GroupRow } from './group.entity';
import type { KeypairRow } from './keypair.entity';

/**
 * A resource group (Backend.AI's scaling group): a pool of agents with its own scheduling
 * policy (`scheduler`, a name in the scheduler registry) and options (`schedulerOpts`:
 * `allowed_session_types`, `pending_timeout`, `agent_selection_strategy`, `config`, ...).
 * Non-public groups are visible only to the domains, projects and keypairs associated with them.
 */
export interface ResourceGroupRow {
  name: string;
  description: string | null;
  isActive: boolean;
  isPublic: boolean;
  driver: string;
  driverOpts: Record<string, unknown>;
  scheduler: string;
  schedulerOpts: Record<string, unknown>;
  /** The App Proxy coordinator serving this group's sessions, and the token to call it. */
  wsproxyAddr: string | null;
  wsproxyApiToken: string | null;
  domains: Collection<DomainRow>;
  groups: Collection<GroupRow>;
  keypairs: Collection<KeypairRow>;
  createdAt: Date;
}

export const ResourceGroupEntity = new EntitySchema<ResourceGroupRow>({
  name: 'ResourceGroup',
  tableName: 'resource_groups',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    description: { type: 'text', nullable: true },
    isActive: { type: 'boolean', default: true, index: 'ix_resource_groups_is_active' },
    isPublic: { type: 'boolean', default: true },
    driver: { type: 'string', length: 64, default: 'static' },
    driverOpts: { type: 'json' },
    scheduler: { type: 'string', length: 64 },
    schedulerOpts: { type: 'json' },
    wsproxyAddr: { type: 'string', length: 1024, nullable: true },
    wsproxyApiToken: { type: 'string', length: 256, nullable: true },
    domains: {
      kind: 'm:n',
      entity: () => 'Domain',
      owner: true,
      pivotTable: 'resource_groups_for_domains',
      joinColumn: 'resource_group',
      inverseJoinColumn: 'domain',
    },
    groups: {
      kind: 'm:n',
      entity: () => 'Group',
      owner: true,
      pivotTable: 'resource_groups_for_groups',
      joinColumn: 'resource_group',
      inverseJoinColumn: 'group_id',
    },
    keypairs: {
      kind: 'm:n',
      entity: () => 'Keypair',
      owner: true,
      pivotTable: 'resource_groups_for_keypairs',
      joinColumn: 'resource_group',
      inverseJoinColumn: 'access_key',
    },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
