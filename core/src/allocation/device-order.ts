import type Decimal from 'decimal.js';
import type { AffinityDevice, AffinityHint } from './affinity-map';
import { ZERO } from './allocation-amounts';
import { approximate, isSafeWhole } from './approximate';
import type { SlotDevices } from './slot-devices';

/**
 * Sorts device indexes most-free first, keeping the plugin's order between equals (a stable
 * sort, as upstream's `sorted(..., reverse=True)`).
 */
export function mostFreeFirst(
  indexes: number[],
  slot: SlotDevices,
  allocated: readonly Decimal[],
  wholeHeld?: readonly number[],
): number[] {
  if (indexes.length < 2) return indexes;
  if (wholeHeld) {
    const capacity = slot.approxCapacity;
    return indexes.sort((a, b) => capacity[b]! - wholeHeld[b]! - (capacity[a]! - wholeHeld[a]!));
  }
  const approx = new Float64Array(slot.ids.length);
  const exactDouble = new Uint8Array(slot.ids.length);
  for (const index of indexes) {
    const held = allocated[index]!;
    approx[index] = slot.approxCapacity[index]! - approximate(held);
    exactDouble[index] = slot.wholeCapacity[index]! && isSafeWhole(held) ? 1 : 0;
  }
  const exactFree = (index: number) => slot.capacity[index]!.minus(allocated[index]!);
  return indexes.sort((a, b) => {
    const difference = approx[b]! - approx[a]!;
    // Whole numbers are exact in doubles; otherwise only a clear difference is trusted.
    if (exactDouble[a]! & exactDouble[b]!) return difference;
    const margin = 1e-9 * (Math.abs(slot.approxCapacity[a]!) + Math.abs(slot.approxCapacity[b]!) + 1);
    if (Math.abs(difference) > margin) return difference;
    return exactFree(b).cmp(exactFree(a));
  });
}

function interleave(lists: readonly number[][]): number[] {
  const out: number[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/**
 * The order a strategy visits the devices of one slot (upstream's `get_current_allocations`).
 * Without a hint: most free first. With one: NUMA clusters, those holding least first, each most
 * free first; for the first slot of a run the clusters of the lowest distance, chained
 * (`PREFER_SINGLE_NODE`) or interleaved (`INTERLEAVED`); for later slots the devices on the nodes
 * of the previous slot's devices, interleaved, then the others. Devices the affinity map does not
 * list come last (upstream leaves them out altogether).
 */
export function orderDevices(
  slot: SlotDevices,
  allocated: readonly Decimal[],
  hint: AffinityHint | undefined,
  wholeHeld?: readonly number[],
): number[] {
  const all = slot.ids.map((_, index) => index);
  if (!hint) return mostFreeFirst(all, slot, allocated, wholeHeld);

  const first = !hint.devices || hint.devices.length === 0;
  let primary: AffinityDevice[][];
  let secondary: AffinityDevice[] = [];
  if (first) primary = hint.affinityMap.clustersWithLowestDistance(slot.deviceName);
  else ({ primary, secondary } = hint.affinityMap.distanceOrderedNeighbors(hint.devices!, slot.deviceName));

  const placed = new Set<number>();
  const indexesOf = (devices: readonly AffinityDevice[]) => {
    const indexes: number[] = [];
    for (const device of devices) {
      const index = slot.index.get(device.deviceId);
      if (index !== undefined && !placed.has(index)) {
        placed.add(index);
        indexes.push(index);
      }
    }
    return indexes;
  };
  const held = (indexes: number[]) => indexes.reduce((sum, index) => sum.plus(allocated[index]!), ZERO);
  const clusters = primary
    .map(indexesOf)
    .map((indexes) => ({ indexes, held: held(indexes) }))
    .sort((a, b) => a.held.cmp(b.held))
    .map((cluster) => mostFreeFirst(cluster.indexes, slot, allocated, wholeHeld));
  const rest = mostFreeFirst(indexesOf(secondary), slot, allocated, wholeHeld);
  const unknown = mostFreeFirst(
    all.filter((index) => !placed.has(index)),
    slot,
    allocated,
    wholeHeld,
  );
  const head = first && hint.policy === 'PREFER_SINGLE_NODE' ? clusters.flat() : interleave(clusters);
  return [...head, ...rest, ...unknown];
}
