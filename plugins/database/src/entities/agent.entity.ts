import { EntitySchema } from '@mikro-orm/core';
import type { AgentStatus, SlotsJSON } from '@tessera/core';

/** A compute node as last reported by its heartbeat, plus what the scheduler reserved on it. */
export interface AgentRow {
  id: string;
  status: AgentStatus;
  statusChanged: Date;
  address: string;
  region: string;
  /** Name of the resource group; kept as a plain column so a heartbeat never fails on it. */
  resourceGroup: string;
  architecture: string;
  version: string;
  schedulable: boolean;
  availableSlots: SlotsJSON;
  occupiedSlots: SlotsJSON;
  computePlugins: Record<string, Record<string, unknown>>;
  firstContact: Date;
  lastContact: Date;
  lostAt: Date | null;
}

export const AgentEntity = new EntitySchema<AgentRow>({
  name: 'Agent',
  tableName: 'agents',
  indexes: [{ name: 'ix_agents_resource_group_status', properties: ['resourceGroup', 'status'] }],
  properties: {
    id: { type: 'string', length: 64, primary: true },
    status: { type: 'string', length: 16 },
    statusChanged: { type: 'datetime' },
    address: { type: 'string', length: 1024 },
    region: { type: 'string', length: 64 },
    resourceGroup: { type: 'string', length: 64 },
    architecture: { type: 'string', length: 32 },
    version: { type: 'string', length: 64 },
    schedulable: { type: 'boolean', default: true },
    availableSlots: { type: 'json' },
    occupiedSlots: { type: 'json' },
    computePlugins: { type: 'json' },
    firstContact: { type: 'datetime' },
    lastContact: { type: 'datetime' },
    lostAt: { type: 'datetime', nullable: true },
  },
});
