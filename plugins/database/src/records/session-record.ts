import type { KernelRecord, ListedKernel, ListedSession, SessionRecord } from '@tessera/core';
import type { EntityManager } from '@mikro-orm/core';
import { KernelEntity, type KernelRow, type SessionRow } from '../entities';
import { rowMapper, tableRowMapper } from './raw-row';

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

/** Completes a mapped kernel row in place (references as ids) rather than copying it. */
function asKernelColumns(columns: Record<string, unknown>): KernelColumns {
  columns['sessionId'] = String(columns['session']);
  columns['agentId'] = columns['agent'] ?? null;
  return columns as unknown as KernelColumns;
}

/** Reads raw kernel rows (from a hand-written statement) as their columns, references as ids. */
export function rawKernelReader(em: EntityManager): (raw: Record<string, unknown>) => KernelColumns {
  const toKernel = rowMapper(em, KernelEntity.meta.className);
  return (raw) => asKernelColumns(toKernel(raw));
}

/** `rawKernelReader` for the rows of a `RawTable` with these columns. */
export function kernelTableReader(
  em: EntityManager,
  columns: readonly string[],
): (row: readonly unknown[]) => KernelColumns {
  const toKernel = tableRowMapper(em, KernelEntity.meta.className, columns);
  return (row) => asKernelColumns(toKernel(row));
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
    resourceOpts: ownership === 'take' && row.resourceOpts ? row.resourceOpts : { ...row.resourceOpts },
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
  return sessionWith(
    row,
    inClusterOrder(kernels).map((kernel) => kernelRecordOf(kernel, ownership)),
    dependencyIds,
    ownership,
  );
}

/** A copy in cluster order; sorted only when not already (the listing reads them in order). */
function inClusterOrder(kernels: readonly KernelColumns[]): KernelColumns[] {
  for (let i = 1; i < kernels.length; i++) {
    if (byClusterPosition(kernels[i - 1]!, kernels[i]!) > 0) return kernels.slice().sort(byClusterPosition);
  }
  return kernels.slice();
}

/** The session's record fields around kernels already made (records or listed kernels). */
function sessionWith<K extends KernelRecord>(
  row: SessionColumns,
  kernels: K[],
  dependencyIds: readonly string[],
  ownership: JsonOwnership,
): SessionRecord & { kernels: K[] } {
  const record: SessionRecord & { kernels: K[] } = {
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
    dependencies: dependencyIds.length < 2 ? [...dependencyIds] : [...dependencyIds].sort(),
    tag: row.tag,
    environ: shallow(row.environ, ownership),
    startupCommand: row.startupCommand,
    requestedSlots: shallow(row.requestedSlots, ownership),
    occupyingSlots: shallow(row.occupyingSlots, ownership),
    createdAt: row.createdAt,
    terminatedAt: row.terminatedAt,
    kernels,
  };
  // Optional fields are only present when set (records compare equal to what was written).
  if (row.designatedAgents?.length) record.designatedAgents = [...row.designatedAgents];
  if (row.bootstrapScript !== null) record.bootstrapScript = row.bootstrapScript;
  if (row.callbackUrl !== null) record.callbackUrl = row.callbackUrl;
  if (row.vfolderMounts?.length) record.vfolderMounts = row.vfolderMounts.map((mount) => ({ ...mount }));
  return record;
}

/**
 * A session as the listing shows it: the record, each kernel's times and last stat, the joins.
 * Built in one pass (no intermediate record copied): listings map thousands of them.
 */
export function listedSessionOf(
  row: SessionColumns,
  kernels: readonly KernelColumns[],
  dependencyIds: readonly string[],
  joins: SessionJoins,
  ownership: JsonOwnership = 'copy',
): ListedSession {
  const listed = inClusterOrder(kernels).map((kernel): ListedKernel => {
    const record = kernelRecordOf(kernel, ownership) as ListedKernel;
    record.createdAt = kernel.createdAt;
    record.terminatedAt = kernel.terminatedAt;
    record.lastStat = kernel.lastStat ? deep(kernel.lastStat, ownership) : null;
    return record;
  });
  const session = sessionWith(row, listed, dependencyIds, ownership) as ListedSession;
  session.statusChanged = row.statusChanged;
  session.userEmail = joins.userEmail;
  session.groupId = joins.groupId;
  return session;
}
