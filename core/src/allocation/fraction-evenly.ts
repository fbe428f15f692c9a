import Decimal from 'decimal.js';
import { HUNDREDTH, ZERO, toHundredths } from './allocation-amounts';

/** A device a fractional EVENLY allocation may use: its index in the slot, free amount and capacity. */
export interface FreeDevice {
  readonly index: number;
  readonly free: Decimal;
  readonly capacity: Decimal;
}

type Candidate = Map<FreeDevice, Decimal>;

const SLIVER_FLOOR = HUNDREDTH.mul(2);

/** Splits `remaining` over `devices` in 0.01 steps, the leftover hundredths on the first devices. */
function distributeEvenly(devices: readonly FreeDevice[], remaining: Decimal, into: Candidate): void {
  const n = devices.length;
  if (n === 0) return;
  const share = remaining.div(n).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  for (const device of devices) into.set(device, share);
  const leftover = remaining
    .mul(100)
    .minus(share.mul(n).mul(100))
    .toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  for (let i = 0; i < leftover.toNumber() && i < n; i++)
    into.set(devices[i]!, into.get(devices[i]!)!.plus(HUNDREDTH));
}

/**
 * Upstream's `allocate_across_devices`: from the least free device of the window, a device that
 * cannot hold an even share gives all it has; the rest split what remains evenly.
 */
function allocateAcross(window: readonly FreeDevice[], remaining: Decimal): Candidate {
  const candidate: Candidate = new Map();
  let n = window.length;
  while (n > 0) {
    const device = window[n - 1]!;
    if (device.free.mul(n).gte(remaining)) break;
    candidate.set(device, toHundredths(device.free));
    remaining = remaining.minus(device.free);
    n--;
  }
  distributeEvenly(window.slice(0, n), remaining, candidate);
  return candidate;
}

/** 0 when every device gets the same, more negative the more uneven (minus the spread). */
function evenness(candidate: Candidate): Decimal {
  let min: Decimal | undefined;
  let max: Decimal | undefined;
  for (const amount of candidate.values()) {
    if (!min || amount.lt(min)) min = amount;
    if (!max || amount.gt(max)) max = amount;
  }
  return min && max ? min.minus(max) : ZERO;
}

/** How many devices would keep an unusable sliver (more than 0.01 but under `minMemory`). */
function fragmentation(candidate: Candidate, minMemory: Decimal): number {
  // A hundredth-quantized amount above 0.01 is at least 0.02: none can be under a minMemory of 0.02.
  if (minMemory.lte(SLIVER_FLOOR)) return 0;
  let count = 0;
  for (const [device, amount] of candidate) {
    const left = toHundredths(device.capacity.minus(amount));
    if (left.gt(HUNDREDTH) && left.lt(minMemory)) count++;
  }
  return count;
}

interface Scored {
  candidate: Candidate;
  evenness: Decimal;
  size: number;
  fragmentation: number;
}

/** Lexicographic (evenness, fewer devices, less fragmentation); ties go to the later one. */
function atLeastAsGood(a: Scored, b: Scored): boolean {
  const byEvenness = a.evenness.cmp(b.evenness);
  if (byEvenness !== 0) return byEvenness > 0;
  if (a.size !== b.size) return a.size < b.size;
  return a.fragmentation <= b.fragmentation;
}

/**
 * Fractional EVENLY over `devices` (most free first, those under `minMemory` already left out,
 * total already checked): a request that fits on the most free device goes to the least free
 * device that holds it; otherwise every sliding window of n..all devices (n the fewest that could
 * hold it) is tried and the evenest, then smallest, then least fragmenting split wins. Within one
 * window size the scan stops at the first window less even than the first; the last window of
 * fewest devices is kept. Amounts are in hundredths, not yet rounded to the quantum.
 */
export function allocateEvenly(
  devices: readonly FreeDevice[],
  requested: Decimal,
  minMemory: Decimal,
): Map<number, Decimal> {
  const asIndexes = (candidate: Candidate) =>
    new Map([...candidate].map(([device, amount]) => [device.index, amount]));
  if (requested.lte(devices[0]!.free)) {
    for (let i = devices.length - 1; i >= 0; i--) {
      if (requested.lte(devices[i]!.free)) return new Map([[devices[i]!.index, toHundredths(requested)]]);
    }
  }
  const target = toHundredths(requested);
  let fewest = 0;
  for (let sum = ZERO; fewest < devices.length;) {
    sum = sum.plus(devices[fewest++]!.free);
    if (toHundredths(sum).gte(target)) break;
  }
  const score = (candidate: Candidate): Scored => ({
    candidate,
    evenness: evenness(candidate),
    size: candidate.size,
    fragmentation: fragmentation(candidate, minMemory),
  });
  let best: Scored | undefined;
  for (let size = fewest; size <= devices.length; size++) {
    let allocatable = devices.slice(0, size).reduce((sum, device) => sum.plus(device.free), ZERO);
    const first = score(allocateAcross(devices.slice(0, size), requested));
    let keep = first;
    for (let start = 1; start <= devices.length - size; start++) {
      allocatable = allocatable.minus(devices[start - 1]!.free).plus(devices[start + size - 1]!.free);
      if (toHundredths(allocatable).lt(target)) break;
      const next = score(allocateAcross(devices.slice(start, start + size), requested));
      if (next.evenness.lt(first.evenness)) break;
      if (next.size <= keep.size) keep = next;
    }
    if (!best || atLeastAsGood(keep, best)) best = keep;
  }
  return asIndexes(best!.candidate);
}
