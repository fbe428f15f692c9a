import type { KernelResourceOpts, ListedKernel, ListedSession } from '@tessera/core';
import { servicePortView } from '../api/session-views';
import { mainKernel } from '../session-lookup';
import { ComputeContainer } from './compute-container-type';
import { ComputeSession } from './compute-session-type';

/** The registry host an image reference names (`cr.backend.ai/stable/python:3.12`), or null. */
export function registryOf(image: string): string | null {
  const first = image.split('/')[0]!;
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : null;
}

/** `resource_opts` as Backend.AI answers it: `shmem` in bytes as a JSON number. */
export function resourceOptsView(opts: KernelResourceOpts | undefined): Record<string, unknown> {
  return opts?.shmem === undefined ? {} : { shmem: Number(opts.shmem) };
}

/** A kernel as the viewer may see it: the agent only when `seesAgents` (the manager's `api.hideAgents`). */
export function toComputeContainer(kernel: ListedKernel, seesAgents: boolean): ComputeContainer {
  return Object.assign(new ComputeContainer(), {
    id: kernel.id,
    role: kernel.clusterRole,
    clusterIdx: kernel.clusterIdx,
    hostname: kernel.clusterHostname,
    sessionId: kernel.sessionId,
    image: kernel.image,
    architecture: kernel.architecture,
    registry: registryOf(kernel.image),
    status: kernel.status,
    statusChanged: kernel.statusChanged,
    statusInfo: kernel.statusInfo,
    createdAt: kernel.createdAt,
    terminatedAt: kernel.terminatedAt,
    agent: seesAgents ? kernel.agentId : null,
    containerId: kernel.containerId,
    resourceOpts: resourceOptsView(kernel.resourceOpts),
    occupiedSlots: kernel.occupiedSlots,
    liveStat: null,
    lastStat: kernel.lastStat,
  } satisfies ComputeContainer);
}

/** A listed session as the viewer may see it. */
export function toComputeSession(session: ListedSession, seesAgents: boolean): ComputeSession {
  return Object.assign(new ComputeSession(), {
    source: session,
    id: session.id,
    sessionId: session.id,
    name: session.name,
    type: session.type,
    tag: session.tag,
    image: session.image,
    architecture: session.architecture,
    registry: registryOf(session.image),
    clusterTemplate: null,
    clusterMode: session.clusterMode,
    clusterSize: session.clusterSize,
    domainName: session.domainName,
    groupName: session.groupName,
    groupId: session.groupId,
    userEmail: session.userEmail,
    userId: session.userId,
    accessKey: session.accessKey,
    createdUserEmail: null,
    createdUserUuid: null,
    status: session.status,
    statusChanged: session.statusChanged,
    statusInfo: session.statusInfo,
    statusData: session.statusData,
    createdAt: session.createdAt,
    terminatedAt: session.terminatedAt,
    startsAt: session.startsAt ?? null,
    startupCommand: session.startupCommand,
    result: session.result,
    priority: session.priority,
    resourceOpts: Object.fromEntries(
      session.kernels.map((kernel) => [kernel.clusterHostname, resourceOptsView(kernel.resourceOpts)]),
    ),
    scalingGroup: session.resourceGroup,
    servicePorts: (mainKernel(session)?.servicePorts ?? []).map(servicePortView),
    mounts: null,
    requestedSlots: session.requestedSlots,
    occupiedSlots: session.occupyingSlots,
    numQueries: null,
    lastStat: mainKernel(session)?.lastStat ?? null,
    containers: session.kernels.map((kernel) => toComputeContainer(kernel, seesAgents)),
  } satisfies ComputeSession);
}
