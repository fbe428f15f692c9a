import type { ListedKernel, ServicePort, SessionRecord } from '@tessera/core';
import type { StartedService } from '../session-services';
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

/** A kernel's last stat when the record carries it (the listing's records do), else null. */
function lastStatOf(kernel: SessionRecord['kernels'][number] | undefined): Record<string, unknown> | null {
  return (kernel as Partial<ListedKernel> | undefined)?.lastStat ?? null;
}

/** `cpu_used` of a last stat (milliseconds of CPU time, Backend.AI's `cpuCreditUsed`), else 0. */
function cpuUsedMs(stat: Record<string, unknown> | null): number {
  const current = Number((stat?.['cpu_used'] as { current?: unknown } | undefined)?.current);
  return Number.isFinite(current) ? Math.round(current) : 0;
}

/**
 * The GET /session/:id answer: the legacy fields clients read plus the modern ones. Kernels' agent
 * ids only when the caller `seesAgents` (the manager's `api.hideAgents`). `lastStat` is the main
 * kernel's last measures (upstream's `lastStat`), kept after the session ends; each kernel has its
 * own. Pass a listed session (`SessionRepository.list`) for them; a plain record answers null.
 */
export function sessionInfoView(
  session: SessionRecord,
  now: Date,
  seesAgents: boolean,
): Record<string, unknown> {
  const main = mainKernel(session);
  const memBytes = Number(session.requestedSlots['mem'] ?? 0);
  const lastStat = lastStatOf(main);
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
    cpuCreditUsed: cpuUsedMs(lastStat),
    lastStat,
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
      lastStat: lastStatOf(kernel),
    })),
  };
}

/**
 * The POST /session/:id/start-service answer. Backend.AI answers `{token, wsproxy_addr}` for its
 * app proxy, and clients read those two strings; Tessera has no app proxy yet, so both are empty
 * strings, and the service's published address is given instead: `kernel_host` and `kernel_port`
 * (the host port of the container port asked for; null when the backend publishes none), which a
 * client on a network that reaches the kernel's host can connect to directly.
 */
export function startedServiceView(started: StartedService): Record<string, unknown> {
  return {
    token: '',
    wsproxy_addr: '',
    service: started.service,
    protocol: started.protocol,
    status: started.status,
    kernel_host: started.kernelHost,
    kernel_port: started.hostPort,
  };
}
