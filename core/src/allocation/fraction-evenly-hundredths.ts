import type Decimal from 'decimal.js';
import { exact } from '../slots/exact-decimal';
import type { FreeDevice } from './fraction-evenly';

interface Device {
  readonly index: number;
  readonly free: number;
  readonly capacity: number;
}

type Candidate = Map<Device, number>;

const hundredths = (value: Decimal): number | undefined => {
  const scaled = value.mul(100);
  if (!scaled.isInteger()) return undefined;
  const number = scaled.toNumber();
  return Number.isSafeInteger(number) ? number : undefined;
};

function allocateAcross(window: readonly Device[], remaining: number): Candidate {
  const candidate: Candidate = new Map();
  let n = window.length;
  while (n > 0) {
    const device = window[n - 1]!;
    if (device.free * n >= remaining) break;
    candidate.set(device, device.free);
    remaining -= device.free;
    n--;
  }
  if (n === 0) return candidate;
  const share = Math.trunc(remaining / n);
  for (let i = 0; i < n; i++) candidate.set(window[i]!, share);
  const leftover = remaining - share * n;
  for (let i = 0; i < leftover && i < n; i++) candidate.set(window[i]!, share + 1);
  return candidate;
}

function evenness(candidate: Candidate): number {
  let min = Infinity;
  let max = -Infinity;
  for (const amount of candidate.values()) {
    if (amount < min) min = amount;
    if (amount > max) max = amount;
  }
  return candidate.size === 0 ? 0 : min - max;
}

function fragmentation(candidate: Candidate, minMemory: number): number {
  if (minMemory <= 2) return 0;
  let count = 0;
  for (const [device, amount] of candidate) {
    const left = device.capacity - amount;
    if (left > 1 && left < minMemory) count++;
  }
  return count;
}

/**
 * `allocateEvenly` in whole hundredths, for the usual case where the request, the free amounts and
 * the capacities are all multiples of 0.01: every step of the decimal version is then exact in
 * integers (quantizing to 0.01 is the identity, the even share is a floor division), and it runs
 * an order of magnitude faster. Returns undefined when the amounts are not all in hundredths.
 */
export function allocateEvenlyInHundredths(
  free: readonly FreeDevice[],
  requested: Decimal,
  minMemory: Decimal,
): Map<number, Decimal> | undefined {
  const target = hundredths(requested);
  const floor = hundredths(minMemory);
  if (target === undefined || floor === undefined) return undefined;
  const devices: Device[] = [];
  for (const device of free) {
    const amount = hundredths(device.free);
    const capacity = hundredths(device.capacity);
    if (amount === undefined || capacity === undefined) return undefined;
    devices.push({ index: device.index, free: amount, capacity });
  }
  const asDecimals = (candidate: Candidate) =>
    new Map([...candidate].map(([device, amount]) => [device.index, exact(amount).div(100)]));
  if (target <= devices[0]!.free) {
    for (let i = devices.length - 1; i >= 0; i--) {
      if (target <= devices[i]!.free) return new Map([[devices[i]!.index, exact(target).div(100)]]);
    }
  }
  let fewest = 0;
  for (let sum = 0; fewest < devices.length;) {
    sum += devices[fewest++]!.free;
    if (sum >= target) break;
  }
  let best: { candidate: Candidate; evenness: number; size: number; fragmentation: number } | undefined;
  for (let size = fewest; size <= devices.length; size++) {
    let allocatable = 0;
    for (let i = 0; i < size; i++) allocatable += devices[i]!.free;
    const firstCandidate = allocateAcross(devices.slice(0, size), target);
    const firstEvenness = evenness(firstCandidate);
    let keep = firstCandidate;
    for (let start = 1; start <= devices.length - size; start++) {
      allocatable += devices[start + size - 1]!.free - devices[start - 1]!.free;
      if (allocatable < target) break;
      const next = allocateAcross(devices.slice(start, start + size), target);
      if (evenness(next) < firstEvenness) break;
      if (next.size <= keep.size) keep = next;
    }
    const scored = {
      candidate: keep,
      evenness: evenness(keep),
      size: keep.size,
      fragmentation: fragmentation(keep, floor),
    };
    const better =
      !best ||
      scored.evenness > best.evenness ||
      (scored.evenness === best.evenness &&
        (scored.size < best.size ||
          (scored.size === best.size && scored.fragmentation <= best.fragmentation)));
    if (better) best = scored;
  }
  return asDecimals(best!.candidate);
}
