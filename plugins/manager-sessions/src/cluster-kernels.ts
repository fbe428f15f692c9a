import { randomUUID } from 'node:crypto';
import type { KernelResourceOpts, NewSession } from '@tessera/core';

type NewKernel = NewSession['kernels'][number];

/**
 * The kernels of a new session: `main1` (whose id is the session's, as Backend.AI clients expect)
 * and, for a cluster of N, `sub1` .. `sub<N-1>`, each asking for the same slots and options.
 */
export function clusterKernels(
  sessionId: string,
  clusterSize: number,
  image: { name: string; architecture: string },
  slots: Record<string, string>,
  resourceOpts: KernelResourceOpts = {},
): NewKernel[] {
  const kernel = (id: string, role: string, index: number, hostname: string, rank: number): NewKernel => ({
    id,
    clusterRole: role,
    clusterIdx: index,
    clusterHostname: hostname,
    localRank: rank,
    image: image.name,
    architecture: image.architecture,
    requestedSlots: { ...slots },
    resourceOpts: { ...resourceOpts },
  });
  const kernels = [kernel(sessionId, 'main', 1, 'main1', 0)];
  for (let index = 1; index < clusterSize; index++)
    kernels.push(kernel(randomUUID(), 'sub', index, `sub${index}`, index));
  return kernels;
}
