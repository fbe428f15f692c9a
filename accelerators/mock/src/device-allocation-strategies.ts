import Decimal from 'decimal.js';
import { roundDown } from './mock-settings';

/** A device of the requested slot with what it still has free. */
export interface FreeDevice {
  deviceId: string;
  free: Decimal;
}

/** Device id -> amount taken from it; null when the request cannot be satisfied. */
export type DevicePicks = Map<string, Decimal> | null;

/**
 * Whole devices (`cuda.device`) and MIG slices: take `amount` devices that are completely free,
 * in declaration order. Fractions of a whole device cannot be satisfied.
 */
export function pickWholeDevices(amount: Decimal, devices: FreeDevice[]): DevicePicks {
  if (!amount.isInteger()) return null;
  const free = devices.filter((d) => d.free.gte(1));
  if (free.length < amount.toNumber()) return null;
  return new Map(free.slice(0, amount.toNumber()).map((d) => [d.deviceId, new Decimal(1)]));
}

/**
 * Fractional shares (`cuda.shares`), in the spirit of Backend.AI's FractionAllocMap with the
 * EVENLY strategy: the request is rounded down to the quantum; a request that fits one device
 * goes to the tightest device that can hold it; otherwise it is spread as evenly as the quantum
 * allows over the fewest, most-free devices.
 */
export function pickShares(amount: Decimal, devices: FreeDevice[], quantum: Decimal): DevicePicks {
  const wanted = roundDown(amount, quantum);
  if (wanted.lte(0)) return null;
  const usable = devices
    .map((d) => ({ deviceId: d.deviceId, free: roundDown(d.free, quantum) }))
    .filter((d) => d.free.gt(0));
  const total = usable.reduce((sum, d) => sum.add(d.free), new Decimal(0));
  if (total.lt(wanted)) return null;

  const tightest = usable.filter((d) => d.free.gte(wanted)).sort((a, b) => a.free.cmp(b.free))[0];
  if (tightest) return new Map([[tightest.deviceId, wanted]]);

  const mostFree = [...usable].sort((a, b) => b.free.cmp(a.free));
  const chosen: typeof usable = [];
  let covered = new Decimal(0);
  for (const device of mostFree) {
    chosen.push(device);
    covered = covered.add(device.free);
    if (covered.gte(wanted)) break;
  }
  return spreadEvenly(wanted, chosen, quantum);
}

/** Water-filling: smaller devices give what they have, the rest share the remainder evenly. */
function spreadEvenly(wanted: Decimal, chosen: FreeDevice[], quantum: Decimal): Map<string, Decimal> {
  const ascending = [...chosen].sort((a, b) => a.free.cmp(b.free));
  const picks = new Map<string, Decimal>();
  let remaining = wanted;
  ascending.forEach((device, index) => {
    const evenShare = roundDown(remaining.div(ascending.length - index), quantum);
    const take = Decimal.min(device.free, evenShare);
    picks.set(device.deviceId, take);
    remaining = remaining.sub(take);
  });
  // Quanta lost to rounding go one at a time to the devices with room left, largest first.
  for (const device of [...ascending].reverse()) {
    while (remaining.gt(0) && picks.get(device.deviceId)!.add(quantum).lte(device.free)) {
      picks.set(device.deviceId, picks.get(device.deviceId)!.add(quantum));
      remaining = remaining.sub(quantum);
    }
  }
  for (const [deviceId, taken] of picks) if (taken.isZero()) picks.delete(deviceId);
  return picks;
}
