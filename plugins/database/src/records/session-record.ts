import type { KernelRecord, ListedKernel, ListedSession, SessionRecord } from '@tessera/core';
import type { KernelRow, SessionRow } from '../entities';

/** A kernel row's columns, its references given as ids (from an entity or from a raw read). */
export type KernelColumns = Omit<KernelRow, 'session' | 'agent'> & {
  sessionId: string;
  agentId: string | null;
};

/** A session row's columns, its kernels and dependencies given apart. */
export type SessionColumns = Omit<SessionRow, 'kernels' | 'dependencies'>;

/** What the listing joins to a session: its owner's e-mail and its project's id. */
export interface SessionJoins {
  userEmail: string | null;
  groupId: string | null;
}

export function toKernelRecord(row: KernelRow): KernelRecord {
  return kernelRecordOf(kernelColumnsOf(row));
}

export function kernelColumnsOf(row: KernelRow): KernelColumns {
  const { session, agent, ...columns } = row;
  return { ...columns, sessionId: session.id, agentId: agent ? agent.id : null };
}

/**
 * How a record takes the row's JSON values: copied (deep where nested) when the row belongs to an
 * ORM identity map, taken as they are when a raw read has just parsed them for this record alone.
 */
export type JsonOwnership = 'copy' | 'take';

const deep = <T>(value: T, ownership: JsonOwnership): T =>
  ownership === 'take' ? value : structuredClone(value);
const shallow = <T extends object>(value: T, ownership: JsonOwnership): T =>
  ownership === 'take' ? value : { ...value };

export function kernelRecordOf(row: KernelColumns, ownership: JsonOwnership = 'copy'): KernelRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    clusterRole: row.clusterRole,
    clusterIdx: row.clusterIdx,
    clusterHostname: row.clusterHostname,
    localRank: row.localRank,
    image: row.image,
    architecture: row.architecture,
    status: row.status,
    statusInfo: row.statusInfo,
    statusChanged: row.statusChanged,
    agentId: row.agentId,
    agentAddress: row.agentAddress,
    containerId: row.containerId,
    requestedSlots: shallow(row.requestedSlots, ownership),
    occupiedSlots: shallow(row.occupiedSlots, ownership),
    deviceAllocation: deep(row.deviceAllocation, ownership),
    servicePorts: deep(row.servicePorts, ownership),
    exitCode: row.exitCode,
    kernelHost: row.kernelHost,
    resourceOpts: { ...row.resourceOpts },
  };
}

/** Main kernel first, then by cluster index: the order the API lists containers in. */
function byClusterPosition(a: KernelColumns, b: KernelColumns): number {
  const mainFirst = Number(a.clusterRole !== 'main') - Number(b.clusterRole !== 'main');
  return mainFirst || a.clusterIdx - b.clusterIdx;
}

/** Needs `kernels` and `dependencies` populated. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  return sessionRecordOf(
    row,
    row.kernels.getItems().map(kernelColumnsOf),
    row.dependencies.getItems().map((dependency) => dependency.id),
  );
}

export function sessionRecordOf(
  row: SessionColumns,
  kernels: readonly KernelColumns[],
  dependencyIds: readonly string[],
  ownership: JsonOwnership = 'copy',
): SessionRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    status: row.status,
    statusInfo: row.statusInfo,
    statusData: deep(row.statusData, ownership),
    statusHistory: shallow(row.statusHistory, ownership),
    result: row.result,
    image: row.image,
    architecture: row.architecture,
    resourceGroup: row.resourceGroup,
    domainName: row.domainName,
    groupName: row.groupName,
    accessKey: row.accessKey,
    userId: row.userId,
    clusterMode: row.clusterMode,
    clusterSize: row.clusterSize,
    priority: row.priority,
    startsAt: row.startsAt,
    ...(row.designatedAgents?.length ? { designatedAgents: [...row.designatedAgents] } : {}),
    dependencies: [...dependencyIds].sort(),
    tag: row.tag,
    environ: shallow(row.environ, ownership),
    startupCommand: row.startupCommand,
    ...(row.bootstrapScript !== null ? { bootstrapScript: row.bootstrapScript } : {}),
    ...(row.callbackUrl !== null ? { callbackUrl: row.callbackUrl } : {}),
    requestedSlots: shallow(row.requestedSlots, ownership),
    occupyingSlots: shallow(row.occupyingSlots, ownership),
    createdAt: row.createdAt,
    terminatedAt: row.terminatedAt,
    kernels: kernels
      .slice()
      .sort(byClusterPosition)
      .map((kernel) => kernelRecordOf(kernel, ownership)),
  };
}

/** A session as the listing shows it: the record, each kernel's times and last stat, the joins. */
export function listedSessionOf(
  row: SessionColumns,
  kernels: readonly KernelColumns[],
  dependencyIds: readonly string[],
  joins: SessionJoins,
  ownership: JsonOwnership = 'copy',
): ListedSession {
  const record = sessionRecordOf(row, kernels, dependencyIds, ownership);
  const byId = new Map(kernels.map((kernel) => [kernel.id, kernel] as const));
  return {
    ...record,
    kernels: record.kernels.map((kernel): ListedKernel => {
      const source = byId.get(kernel.id)!;
      return {
        ...kernel,
        createdAt: source.createdAt,
        terminatedAt: source.terminatedAt,
        lastStat: source.lastStat ? deep(source.lastStat, ownership) : null,
      };
    }),
    statusChanged: row.statusChanged,
    userEmail: joins.userEmail,
    groupId: joins.groupId,
  };
}
