import { LockMode, type EntityManager } from '@mikro-orm/core';
import { ResourceSlot, type Logger } from '@tessera/core';
import { AgentEntity, KernelEntity } from '../entities';
import { DatabaseErrors } from '../orm/database-errors';

/** Slots below zero mean the books were already off; they are floored at zero and reported. */
function floorAtZero(slots: ResourceSlot): { slots: ResourceSlot; negative: string[] } {
  const negative = slots.keys().filter((name) => slots.get(name).isNegative());
  const floored = new ResourceSlot(
    slots
      .keys()
      .map((name): [string, string] => [
        name,
        slots.get(name).isNegative() ? '0' : slots.get(name).toFixed(),
      ]),
  );
  return { slots: floored, negative };
}

/**
 * Gives a kernel's occupied slots back to its agent, exactly once: the kernel is stamped with
 * `slotsReleasedAt` in the same transaction, and a stamped kernel is left alone.
 */
export async function releaseKernelSlots(em: EntityManager, kernelId: string, log: Logger): Promise<void> {
  const kernel = await em.findOne(KernelEntity, { id: kernelId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!kernel) throw DatabaseErrors.kernelNotFound(kernelId);
  if (kernel.slotsReleasedAt || !kernel.agent) return;

  const agentId = kernel.agent.id;
  const agent = await em.findOne(AgentEntity, { id: agentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (agent) {
    const remaining = ResourceSlot.fromJSON(agent.occupiedSlots).subtract(
      ResourceSlot.fromJSON(kernel.occupiedSlots),
    );
    const { slots, negative } = floorAtZero(remaining);
    if (negative.length)
      log.warn('agent occupied slots went below zero', { agentId, kernelId, slots: negative });
    agent.occupiedSlots = slots.toJSON();
  }
  kernel.slotsReleasedAt = new Date();
}
