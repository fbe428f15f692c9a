import type { ServicePort, SessionRecord } from '@tessera/core';
import { mainKernel } from '../session-lookup';

/** A service port as Backend.AI answers it (snake_case fields). */
export function servicePortView(port: ServicePort): Record<string, unknown> {
  return {
    name: port.name,
    protocol: port.protocol,
    container_ports: port.containerPorts,
    host_ports: port.hostPorts,
    is_inference: port.isInference,
  };
}

/** The POST /session answer (Backend.AI's field names). */
export function createdSessionView(session: SessionRecord, created: boolean): Record<string, unknown> {
  return {
    sessionId: session.id,
    sessId: session.name,
    sessionName: session.name,
    status: session.status,
    statusInfo: session.statusInfo,
    servicePorts: (mainKernel(session)?.servicePorts ?? []).map(servicePortView),
    created,
  };
}

/**
 * The GET /session/:id answer: the legacy fields clients read plus the modern ones. Kernels' agent
 * ids only when the caller `seesAgents` (the manager's `api.hideAgents`).
 */
export function sessionInfoView(
  session: SessionRecord,
  now: Date,
  seesAgents: boolean,
): Record<string, unknown> {
  const main = mainKernel(session);
  const memBytes = Number(session.requestedSlots['mem'] ?? 0);
  return {
    sessionId: session.id,
    sessionName: session.name,
    domainName: session.domainName,
    groupName: session.groupName,
    userId: session.userId,
    accessKey: session.accessKey,
    lang: session.image,
    image: session.image,
    architecture: session.architecture,
    type: session.type,
    tag: session.tag,
    resourceGroup: session.resourceGroup,
    containerId: main?.containerId ?? null,
    requestedSlots: session.requestedSlots,
    occupiedSlots: session.occupyingSlots,
    environ: session.environ,
    status: session.status,
    statusInfo: session.statusInfo,
    statusData: session.statusData,
    statusHistory: session.statusHistory,
    result: session.result,
    age: Math.max(0, (session.terminatedAt ?? now).getTime() - session.createdAt.getTime()),
    creationTime: session.createdAt.toISOString(),
    terminationTime: session.terminatedAt?.toISOString() ?? null,
    memoryLimit: Math.floor(memBytes / 1024),
    numQueriesExecuted: 0,
    servicePorts: (main?.servicePorts ?? []).map(servicePortView),
    kernels: session.kernels.map((kernel) => ({
      kernelId: kernel.id,
      role: kernel.clusterRole,
      hostname: kernel.clusterHostname,
      status: kernel.status,
      statusInfo: kernel.statusInfo,
      agentId: seesAgents ? kernel.agentId : null,
      containerId: kernel.containerId,
      occupiedSlots: kernel.occupiedSlots,
    })),
  };
}
