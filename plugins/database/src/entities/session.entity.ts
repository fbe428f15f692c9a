import { EntitySchema, type Collection } from '@mikro-orm/core';
import type {
  ClusterMode,
  KernelMount,
  SessionResult,
  SessionStatus,
  SessionType,
  SlotsJSON,
} from '@tessera/core';
import {
  CLUSTER_MODE_VALUES,
  enumColumn,
  SESSION_RESULT_VALUES,
  SESSION_STATUS_VALUES,
  SESSION_TYPE_VALUES,
} from './enum-values';
import type { KernelRow } from './kernel.entity';

/**
 * A compute session: what a user asked for, where it stands, and its kernels. Owner columns
 * (domain, group, access key, user) are the names the API shows, denormalised so a session
 * row stays readable after its owner is renamed or deleted.
 */
export interface SessionRow {
  id: string;
  name: string;
  type: SessionType;
  status: SessionStatus;
  statusInfo: string | null;
  statusData: Record<string, unknown>;
  /** `{STATUS: iso8601}`, merged on every transition. */
  statusHistory: Record<string, string>;
  statusChanged: Date;
  result: SessionResult;
  image: string;
  architecture: string;
  resourceGroup: string;
  domainName: string;
  groupName: string;
  accessKey: string;
  userId: string;
  clusterMode: ClusterMode;
  clusterSize: number;
  priority: number;
  /** A batch session does not start before this time. */
  startsAt: Date | null;
  /** Agent ids an administrator assigned, kernel by kernel; null when the scheduler chooses. */
  designatedAgents: string[] | null;
  tag: string | null;
  environ: Record<string, string>;
  startupCommand: string | null;
  bootstrapScript: string | null;
  callbackUrl: string | null;
  vfolderMounts: KernelMount[] | null;
  requestedSlots: SlotsJSON;
  occupyingSlots: SlotsJSON;
  createdAt: Date;
  terminatedAt: Date | null;
  kernels: Collection<KernelRow>;
  /** Sessions that must end in TERMINATED with result SUCCESS before this one may start. */
  dependencies: Collection<SessionRow>;
}

export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'Session',
  tableName: 'sessions',
  indexes: [
    { name: 'ix_sessions_status_resource_group', properties: ['status', 'resourceGroup'] },
    { name: 'ix_sessions_access_key_name', properties: ['accessKey', 'name'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 64 },
    type: enumColumn(SESSION_TYPE_VALUES),
    status: enumColumn(SESSION_STATUS_VALUES),
    statusInfo: { type: 'string', length: 1024, nullable: true },
    statusData: { type: 'json' },
    statusHistory: { type: 'json' },
    statusChanged: { type: 'datetime' },
    result: { ...enumColumn(SESSION_RESULT_VALUES), default: 'UNDEFINED' },
    image: { type: 'string', length: 512 },
    architecture: { type: 'string', length: 32 },
    resourceGroup: { type: 'string', length: 64 },
    domainName: { type: 'string', length: 64 },
    groupName: { type: 'string', length: 64 },
    accessKey: { type: 'string', length: 20 },
    userId: { type: 'string', length: 64 },
    clusterMode: enumColumn(CLUSTER_MODE_VALUES),
    clusterSize: { type: 'integer', default: 1 },
    priority: { type: 'integer', default: 0 },
    startsAt: { type: 'datetime', nullable: true },
    designatedAgents: { type: 'json', nullable: true },
    tag: { type: 'string', length: 64, nullable: true },
    environ: { type: 'json' },
    startupCommand: { type: 'text', nullable: true },
    bootstrapScript: { type: 'text', nullable: true },
    callbackUrl: { type: 'string', length: 1024, nullable: true },
    vfolderMounts: { type: 'json', nullable: true },
    requestedSlots: { type: 'json' },
    occupyingSlots: { type: 'json' },
    createdAt: { type: 'datetime', index: 'ix_sessions_created_at' },
    terminatedAt: { type: 'datetime', nullable: true },
    kernels: { kind: '1:m', entity: () => 'Kernel', mappedBy: 'session', orderBy: { clusterIdx: 'asc' } },
    dependencies: {
      kind: 'm:n',
      entity: () => 'Session',
      owner: true,
      pivotTable: 'session_dependencies',
      joinColumn: 'session_id',
      inverseJoinColumn: 'depends_on',
    },
  },
});
