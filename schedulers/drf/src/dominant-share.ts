import Decimal from 'decimal.js';
import type { ResourceSlot } from '@tessera/core';

/**
 * The largest fraction of the group's capacity that `slots` takes on any one slot: DRF's
 * dominant share. Slots whose capacity is zero or unlimited are ignored; none left gives zero.
 */
export function dominantShare(slots: ResourceSlot, capacity: ResourceSlot): Decimal {
  let share = new Decimal(0);
  for (const slot of slots.keys()) {
    const total = capacity.get(slot);
    if (!total.isFinite() || total.lte(0)) continue;
    const fraction = slots.get(slot).div(total);
    if (fraction.gt(share)) share = fraction;
  }
  return share;
}
