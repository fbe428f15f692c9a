import type { KernelCreationSpec, KernelPlacement, SessionRecord } from '@tessera/core';

/**
 * What the agents are asked to start for a scheduled session: one spec per kernel, with the slots
 * the scheduler reserved and Backend.AI's BACKENDAI_* environment (session identity and the
 * cluster layout kernels use to find each other).
 */
export function kernelCreationSpecs(
  session: SessionRecord,
  placements: readonly KernelPlacement[],
): KernelCreationSpec[] {
  const slotsByKernel = new Map(placements.map((placement) => [placement.kernelId, placement.slots]));
  const kernels = [...session.kernels].sort((a, b) => a.clusterIdx - b.clusterIdx);
  const replicas = countByRole(kernels.map((kernel) => kernel.clusterRole));
  const clusterEnviron: Record<string, string> = {
    BACKENDAI_SESSION_ID: session.id,
    BACKENDAI_SESSION_NAME: session.name,
    BACKENDAI_SESSION_TYPE: session.type,
    BACKENDAI_ACCESS_KEY: session.accessKey,
    BACKENDAI_USER_UUID: session.userId,
    BACKENDAI_DOMAIN_NAME: session.domainName,
    BACKENDAI_GROUP_NAME: session.groupName,
    BACKENDAI_CLUSTER_MODE: session.clusterMode,
    BACKENDAI_CLUSTER_SIZE: String(kernels.length),
    BACKENDAI_CLUSTER_REPLICAS: Object.entries(replicas)
      .map(([role, count]) => `${role}:${count}`)
      .join(','),
    BACKENDAI_CLUSTER_HOSTS: kernels.map((kernel) => kernel.clusterHostname).join(','),
  };
  return kernels.map((kernel) => ({
    kernelId: kernel.id,
    sessionId: session.id,
    sessionName: session.name,
    sessionType: session.type,
    image: kernel.image,
    architecture: kernel.architecture,
    resourceSlots: slotsByKernel.get(kernel.id) ?? kernel.requestedSlots,
    environ: {
      ...session.environ,
      ...clusterEnviron,
      BACKENDAI_KERNEL_ID: kernel.id,
      BACKENDAI_KERNEL_IMAGE: kernel.image,
      BACKENDAI_CLUSTER_ROLE: kernel.clusterRole,
      BACKENDAI_CLUSTER_IDX: String(kernel.clusterIdx),
      BACKENDAI_CLUSTER_LOCAL_RANK: String(kernel.localRank),
      BACKENDAI_CLUSTER_HOST: kernel.clusterHostname,
    },
    cluster: {
      mode: session.clusterMode,
      size: kernels.length,
      role: kernel.clusterRole,
      idx: kernel.clusterIdx,
      localRank: kernel.localRank,
      hostname: kernel.clusterHostname,
    },
    ownerAccessKey: session.accessKey,
    ownerUserId: session.userId,
    startupCommand: session.startupCommand,
    ...(session.bootstrapScript !== undefined ? { bootstrapScript: session.bootstrapScript } : {}),
    ...(session.vfolderMounts?.length ? { mounts: session.vfolderMounts } : {}),
  }));
}

function countByRole(roles: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const role of roles) counts[role] = (counts[role] ?? 0) + 1;
  return counts;
}
