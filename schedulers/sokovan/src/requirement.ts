import { ResourceSlot, type SessionRecord } from '@tessera/core';
import { approximately } from './cluster-view';

/**
 * One thing to place on one agent: every kernel of a single-node session together (their
 * summed slots, one container each), or one kernel of a multi-node session.
 */
export interface Requirement {
  kernelIds: string[];
  /** Cluster hostnames of those kernels (`main1`, `sub1`), for messages. */
  hostnames: string[];
  architecture: string;
  slots: ResourceSlot;
  /** `slots` as floating-point numbers, zero amounts left out (the filters' fast path). */
  approximate: Map<string, number>;
  containers: number;
  /** The agent an administrator assigned, if any. */
  designatedAgent: string | null;
}

/** The requirements of a session: one for a single-node session, one per kernel for a multi-node one. */
export function requirementsOf(session: SessionRecord): Requirement[] {
  const designated = session.designatedAgents ?? [];
  if (session.clusterMode === 'multi-node') {
    return session.kernels.map((kernel, index) =>
      requirement({
        kernelIds: [kernel.id],
        hostnames: [kernel.clusterHostname],
        architecture: kernel.architecture,
        slots: ResourceSlot.fromJSON(kernel.requestedSlots),
        containers: 1,
        designatedAgent: designated[index] ?? null,
      }),
    );
  }
  return [
    requirement({
      kernelIds: session.kernels.map((kernel) => kernel.id),
      hostnames: session.kernels.map((kernel) => kernel.clusterHostname),
      architecture: session.kernels[0]?.architecture ?? session.architecture,
      slots: session.kernels.reduce(
        (sum, kernel) => sum.add(ResourceSlot.fromJSON(kernel.requestedSlots)),
        new ResourceSlot(),
      ),
      containers: Math.max(1, session.kernels.length),
      designatedAgent: designated[0] ?? null,
    }),
  ];
}

function requirement(fields: Omit<Requirement, 'approximate'>): Requirement {
  const approximate = approximately(fields.slots);
  for (const [slot, amount] of approximate) if (amount === 0) approximate.delete(slot);
  return { ...fields, approximate };
}
