import { EntitySchema } from '@mikro-orm/core';

/**
 * A resource group (Backend.AI's scaling group): a pool of agents with its own scheduling
 * policy (`scheduler`, a name in the scheduler registry) and options (`schedulerOpts`, which
 * include `agent_selection_strategy`, `pending_timeout`, ...).
 */
export interface ResourceGroupRow {
  name: string;
  description: string | null;
  isActive: boolean;
  /** Visible to every user (otherwise only to associated domains, groups and keypairs). */
  isPublic: boolean;
  driver: string;
  driverOpts: Record<string, unknown>;
  scheduler: string;
  schedulerOpts: Record<string, unknown>;
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
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
