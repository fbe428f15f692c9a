import type Decimal from 'decimal.js';
import { exact } from '../slots/exact-decimal';

/** A device an EVENLY allocation may use, in whole hundredths of a share. */
export interface DeviceInHundredths {
  readonly index: number;
  readonly free: number;
  readonly capacity: number;
}

type Candidate = Map<DeviceInHundredths, number>;

const toInteger = new WeakMap<Decimal, number | null>();

/**
 * `value` in whole hundredths (0.25 -> 25), or undefined when it is not a multiple of 0.01 or too
 * large for a double to hold exactly. Memoised per (immutable) Decimal object, so capacities and
 * the amounts of untouched devices are converted once.
 */
export function hundredthsOf(value: Decimal): number | undefined {
  let known = toInteger.get(value);
  if (known === undefined) {
    const scaled = value.mul(100);
    const number = scaled.isInteger() ? scaled.toNumber() : NaN;
    known = Number.isSafeInteger(number) ? number : null;
    toInteger.set(value, known);
  }
  return known ?? undefined;
}

const FROM_HUNDREDTHS_CACHE_LIMIT = 1 << 16;
const fromInteger = new Map<number, Decimal>();

/** The decimal of `hundredths` (25 -> 0.25); the small values a map meets are built once. */
export function fromHundredths(hundredths: number): Decimal {
  let value = fromInteger.get(hundredths);
  if (value === undefined) {
    value = exact(hundredths).div(100);
    if (fromInteger.size < FROM_HUNDREDTHS_CACHE_LIMIT) fromInteger.set(hundredths, value);
  }
  return value;
}

function allocateAcross(window: readonly DeviceInHundredths[], remaining: number): Candidate {
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
 * an order of magnitude faster. `devices` are the usable ones in visiting order, together holding
 * at least `target`; answers device index -> hundredths taken.
 */
export function allocateEvenlyInHundredths(
  devices: readonly DeviceInHundredths[],
  target: number,
  minMemory: number,
): Map<number, number> {
  const byIndex = (candidate: Candidate) =>
    new Map([...candidate].map(([device, amount]) => [device.index, amount]));
  if (target <= devices[0]!.free) {
    for (let i = devices.length - 1; i >= 0; i--) {
      if (target <= devices[i]!.free) return new Map([[devices[i]!.index, target]]);
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
      fragmentation: fragmentation(keep, minMemory),
    };
    const better =
      !best ||
      scored.evenness > best.evenness ||
      (scored.evenness === best.evenness &&
        (scored.size < best.size ||
          (scored.size === best.size && scored.fragmentation <= best.fragmentation)));
    if (better) best = scored;
  }
  return byIndex(best!.candidate);
}

/** FILL in whole hundredths: the devices in visiting order, each giving what it has until `target` is met. */
export function fillInHundredths(
  devices: readonly DeviceInHundredths[],
  target: number,
): Map<number, number> {
  const taken = new Map<number, number>();
  let remaining = target;
  for (const device of devices) {
    if (remaining <= 0) break;
    const take = Math.min(remaining, device.free);
    taken.set(device.index, take);
    remaining -= take;
  }
  return taken;
}
