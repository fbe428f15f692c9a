import type Decimal from 'decimal.js';
import { roundDown } from './allocation-amounts';
import { FractionalResourceFragmented } from './allocation-errors';
import type { SlotDevices } from './slot-devices';

/**
 * Upstream's `ensure_slot_not_fragmented`, applied when the resource group disallows fragmented
 * fractional allocations. It assumes devices of one capacity (that of the most free device). A
 * request that fits in one device must fit on one device; a larger one is accepted for the first
 * n (from ceil(request / capacity) to all devices) where n devices can each take
 * D = round_down(request / n, quantum) and enough of them D + quantum to cover what rounding
 * left over.
 */
export function ensureNotFragmented(
  devices: SlotDevices,
  order: readonly number[],
  free: readonly Decimal[],
  requested: Decimal,
  quantum: Decimal,
  contextTag: string | undefined,
): void {
  const refuse = () =>
    new FractionalResourceFragmented(
      devices.slot,
      requested,
      order.map((index) => [devices.ids[index]!, free[index]!]),
      contextTag,
    );
  if (order.length === 0) throw refuse();
  const capacity = devices.capacity[order[0]!]!;
  if (!capacity.gt(0)) throw refuse();
  const fewest = requested.div(capacity).ceil().toNumber();
  const most = requested.lte(capacity) ? fewest : order.length;
  for (let n = fewest; n <= most; n++) {
    const share = roundDown(requested.div(n), quantum);
    const shortfall = requested.minus(share.mul(n));
    const needHigh = shortfall.gt(0) ? shortfall.div(quantum).ceil().toNumber() : 0;
    const high = share.plus(quantum);
    let highCount = 0;
    let lowCount = 0;
    for (const index of order) {
      if (free[index]!.gte(high)) highCount++;
      else if (free[index]!.gte(share)) lowCount++;
    }
    if (highCount >= needHigh && highCount + lowCount >= n) return;
  }
  throw refuse();
}
