import type { AgentRecord, ListedAgent } from '@tessera/core';
import type { AgentRow } from '../entities';

export function toAgentRecord(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    status: row.status,
    address: row.address,
    region: row.region,
    resourceGroup: row.resourceGroup,
    architecture: row.architecture,
    version: row.version,
    schedulable: row.schedulable,
    availableSlots: { ...row.availableSlots },
    occupiedSlots: { ...row.occupiedSlots },
    computePlugins: structuredClone(row.computePlugins),
    firstContact: row.firstContact,
    lastContact: row.lastContact,
    ...(row.reportedKernels ? { reportedKernels: [...row.reportedKernels] } : {}),
  };
}

export function toListedAgent(row: AgentRow): ListedAgent {
  return {
    ...toAgentRecord(row),
    statusChanged: row.statusChanged,
    lostAt: row.lostAt,
    lastStat: row.lastStat ? structuredClone(row.lastStat) : null,
    lastStatAt: row.lastStatAt,
  };
}
