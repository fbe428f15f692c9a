import { ResourceSlot, type SlotsLike } from './resource-slot';
import { isAccelerator } from './slot-name';

/**
 * The accelerator slots an agent has (amount above zero in `agentSlots`, its capacity or what
 * remains of it) that the request leaves unused (absent or zero), in name order. Selectors
 * prefer agents where this list is short, so a CPU-only kernel does not occupy a GPU node.
 */
export function unutilizedAcceleratorTypes(agentSlots: SlotsLike, request: SlotsLike): string[] {
  const agent = ResourceSlot.from(agentSlots);
  const requested = ResourceSlot.from(request);
  return agent
    .keys()
    .filter((slot) => isAccelerator(slot) && agent.get(slot).gt(0) && requested.get(slot).isZero())
    .sort();
}
