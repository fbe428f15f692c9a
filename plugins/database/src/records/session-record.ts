import type { KernelRecord, SessionRecord } from '@tessera/core';
import type { KernelRow, SessionRow } from '../entities';

export function toKernelRecord(row: KernelRow): KernelRecord {
  return {
    id: row.id,
    sessionId: row.session.id,
    clusterRole: row.clusterRole,
    clusterIdx: row.clusterIdx,
    clusterHostname: row.clusterHostname,
    localRank: row.localRank,
    image: row.image,
    architecture: row.architecture,
    status: row.status,
    statusInfo: row.statusInfo,
    statusChanged: row.statusChanged,
    agentId: row.agent ? row.agent.id : null,
    agentAddress: row.agentAddress,
    containerId: row.containerId,
    requestedSlots: { ...row.requestedSlots },
    occupiedSlots: { ...row.occupiedSlots },
    deviceAllocation: structuredClone(row.deviceAllocation),
    servicePorts: structuredClone(row.servicePorts),
    exitCode: row.exitCode,
    kernelHost: row.kernelHost,
    resourceOpts: { ...row.resourceOpts },
  };
}

/** Main kernel first, then by cluster index: the order the API lists containers in. */
function byClusterPosition(a: KernelRow, b: KernelRow): number {
  const mainFirst = Number(a.clusterRole !== 'main') - Number(b.clusterRole !== 'main');
  return mainFirst || a.clusterIdx - b.clusterIdx;
}

/** Needs `kernels` and `dependencies` populated. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    status: row.status,
    statusInfo: row.statusInfo,
    statusData: structuredClone(row.statusData),
    statusHistory: { ...row.statusHistory },
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
    dependencies: row.dependencies
      .getItems()
      .map((dependency) => dependency.id)
      .sort(),
    tag: row.tag,
    environ: { ...row.environ },
    startupCommand: row.startupCommand,
    ...(row.bootstrapScript !== null ? { bootstrapScript: row.bootstrapScript } : {}),
    ...(row.callbackUrl !== null ? { callbackUrl: row.callbackUrl } : {}),
    requestedSlots: { ...row.requestedSlots },
    occupyingSlots: { ...row.occupyingSlots },
    createdAt: row.createdAt,
    terminatedAt: row.terminatedAt,
    kernels: row.kernels.getItems().slice().sort(byClusterPosition).map(toKernelRecord),
  };
}
