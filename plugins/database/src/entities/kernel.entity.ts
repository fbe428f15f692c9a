import { EntitySchema } from '@mikro-orm/core';
import type {
  DeviceAllocation,
  KernelResourceOpts,
  KernelStatus,
  ServicePort,
  SlotsJSON,
} from '@tessera/core';
import type { AgentRow } from './agent.entity';
import { enumColumn, KERNEL_STATUS_VALUES } from './enum-values';
import type { SessionRow } from './session.entity';

/** One container (or process) of a session, and the slots it holds on its agent. */
export interface KernelRow {
  id: string;
  session: SessionRow;
  clusterRole: string;
  clusterIdx: number;
  clusterHostname: string;
  localRank: number;
  image: string;
  architecture: string;
  status: KernelStatus;
  statusInfo: string | null;
  statusChanged: Date;
  /** `{STATUS: iso8601}`, merged on every transition. */
  statusHistory: Record<string, string>;
  agent: AgentRow | null;
  agentAddress: string | null;
  containerId: string | null;
  /** Where the kernel's service ports are published, as the agent reported when it started. */
  kernelHost: string | null;
  requestedSlots: SlotsJSON;
  /** `resource_opts` (Backend.AI's column): `shmem` in bytes as a decimal string; null when none. */
  resourceOpts: KernelResourceOpts | null;
  occupiedSlots: SlotsJSON;
  /** Set once `occupiedSlots` has been given back to the agent, so it is never given back twice. */
  slotsReleasedAt: Date | null;
  deviceAllocation: DeviceAllocation;
  servicePorts: ServicePort[];
  exitCode: number | null;
  /** The last resource usage the agent reported for this kernel (cpu_used, mem_cur_bytes, ...). */
  lastStat: Record<string, unknown> | null;
  createdAt: Date;
  terminatedAt: Date | null;
}

export const KernelEntity = new EntitySchema<KernelRow>({
  name: 'Kernel',
  tableName: 'kernels',
  indexes: [{ name: 'ix_kernels_status', properties: ['status'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    session: {
      kind: 'm:1',
      entity: () => 'Session',
      fieldName: 'session_id',
      deleteRule: 'cascade',
      index: 'ix_kernels_session_id',
    },
    clusterRole: { type: 'string', length: 16 },
    clusterIdx: { type: 'integer' },
    clusterHostname: { type: 'string', length: 64 },
    localRank: { type: 'integer', default: 0 },
    image: { type: 'string', length: 512 },
    architecture: { type: 'string', length: 32 },
    status: enumColumn(KERNEL_STATUS_VALUES),
    statusInfo: { type: 'string', length: 1024, nullable: true },
    statusChanged: { type: 'datetime' },
    statusHistory: { type: 'json' },
    agent: {
      kind: 'm:1',
      entity: () => 'Agent',
      fieldName: 'agent',
      nullable: true,
      index: 'ix_kernels_agent',
    },
    agentAddress: { type: 'string', length: 1024, nullable: true },
    containerId: { type: 'string', length: 64, nullable: true },
    kernelHost: { type: 'string', length: 1024, nullable: true },
    requestedSlots: { type: 'json' },
    resourceOpts: { type: 'json', nullable: true },
    occupiedSlots: { type: 'json' },
    slotsReleasedAt: { type: 'datetime', nullable: true },
    deviceAllocation: { type: 'json' },
    servicePorts: { type: 'json' },
    exitCode: { type: 'integer', nullable: true },
    lastStat: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    terminatedAt: { type: 'datetime', nullable: true },
  },
});
