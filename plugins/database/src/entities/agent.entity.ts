import { EntitySchema } from '@mikro-orm/core';
import type { AgentStatus, SlotsJSON } from '@tessera/core';
import { AGENT_STATUS_VALUES, enumColumn } from './enum-values';

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
  /** What each compute plugin (accelerator) reported: version, devices, metadata. */
  computePlugins: Record<string, Record<string, unknown>>;
  firstContact: Date;
  lastContact: Date;
  /** The kernels the last heartbeat listed; null when it listed none (an agent that predates it). */
  reportedKernels: string[] | null;
  lostAt: Date | null;
  /** The node's measures from the agent's last `agent_stats` (`{ node, devices }`); null before any. */
  lastStat: Record<string, unknown> | null;
  /** When a manager recorded `lastStat`. */
  lastStatAt: Date | null;
}

export const AgentEntity = new EntitySchema<AgentRow>({
  name: 'Agent',
  tableName: 'agents',
  indexes: [{ name: 'ix_agents_resource_group_status', properties: ['resourceGroup', 'status'] }],
  properties: {
    id: { type: 'string', length: 64, primary: true },
    status: enumColumn(AGENT_STATUS_VALUES),
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
    reportedKernels: { type: 'json', nullable: true },
    lostAt: { type: 'datetime', nullable: true },
    lastStat: { type: 'json', nullable: true },
    lastStatAt: { type: 'datetime', nullable: true },
  },
});
