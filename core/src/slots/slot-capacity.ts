import Decimal from 'decimal.js';
import { ResourceSlot, type SlotsLike } from './resource-slot';

/** One slot a request asks more of than the capacity offers. */
export interface SlotExcess {
  slot: string;
  requested: Decimal;
  /** What the capacity has of the slot (zero when it lacks the slot). */
  available: Decimal;
  /** `requested - available`, always above zero. */
  excess: Decimal;
}

/** What is left: `capacity - occupied` over both sets of keys. Over-committed slots go negative. */
export function remainingSlots(capacity: SlotsLike, occupied: SlotsLike): ResourceSlot {
  return ResourceSlot.from(capacity).subtract(ResourceSlot.from(occupied));
}

/**
 * The requested slots that do not fit in `capacity` (a slot the capacity lacks counts as zero),
 * with how much is missing, in slot-name order. Empty when the request fits.
 */
export function exceededSlots(request: SlotsLike, capacity: SlotsLike): SlotExcess[] {
  const requested = ResourceSlot.from(request);
  const offered = ResourceSlot.from(capacity);
  const exceeded: SlotExcess[] = [];
  for (const slot of requested.keys().sort()) {
    const amount = requested.get(slot);
    const available = offered.get(slot);
    if (amount.gt(available))
      exceeded.push({ slot, requested: amount, available, excess: amount.sub(available) });
  }
  return exceeded;
}

/** The sum of several slot sets (an empty set for none). */
export function sumSlots(list: Iterable<SlotsLike>): ResourceSlot {
  let total = new ResourceSlot();
  for (const slots of list) total = total.add(ResourceSlot.from(slots));
  return total;
}
