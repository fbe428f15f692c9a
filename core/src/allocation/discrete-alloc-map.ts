import type Decimal from 'decimal.js';
import { type AllocateOptions, AllocMap, type AllocMapOptions, AllocationStrategy } from './alloc-map';
import { exact } from '../slots/exact-decimal';
import { type AllocationAmounts, ZERO, truncate } from './allocation-amounts';
import { AllocationError, InsufficientResource, InvalidResourceArgument } from './allocation-errors';
import { approximate, isSafeWhole } from './approximate';
import type { SlotDevices, WorkingAllocations } from './slot-devices';

/** Upstream's guard against an EVENLY loop that makes no progress. */
const MAX_ROUNDS = 100;

export interface DiscreteAllocMapOptions extends AllocMapOptions {
  /** `EVENLY` (the default) spreads over devices round-robin; `FILL` takes the most free first. */
  strategy?: AllocationStrategy;
}

/**
 * Whole units (Backend.AI's `DiscretePropertyAllocMap`): CPU cores (one device per core), memory
 * (one `root` device, FILL), whole accelerators, MIG slots (unique). EVENLY truncates the request to
 * a whole number and deals it out one round at a time, most-free devices first; FILL takes
 * `min(remaining, free)` from each device, most free first, after checking that the whole parts of
 * the free amounts add up.
 */
export class DiscreteAllocMap extends AllocMap {
  readonly strategy: AllocationStrategy;
  private readonly whole = new Map<SlotDevices, boolean>();

  constructor(options: DiscreteAllocMapOptions) {
    super(options);
    this.strategy = options.strategy ?? AllocationStrategy.EVENLY;
  }

  protected distribute(
    requested: ReadonlyMap<string, Decimal>,
    working: WorkingAllocations,
    options: AllocateOptions,
  ): AllocationAmounts {
    const result: AllocationAmounts = {};
    for (const [slot, amount] of requested) {
      result[slot] =
        this.strategy === AllocationStrategy.FILL
          ? this.fill(slot, amount, working, options)
          : this.evenly(slot, amount, working, options);
    }
    return result;
  }

  private fill(slot: string, amount: Decimal, working: WorkingAllocations, options: AllocateOptions) {
    const devices = this.slots.get(slot);
    if (!devices)
      throw new InsufficientResource(slot, amount, 0, options.contextTag, 'no device provides it');
    const row = this.row(working, slot);
    const order = this.order(devices, row, options.affinityHint);
    let allocatable = ZERO;
    for (const index of order)
      allocatable = allocatable.plus(truncate(devices.capacity[index]!.minus(row[index]!)));
    if (allocatable.lt(amount)) throw new InsufficientResource(slot, amount, allocatable, options.contextTag);
    const taken: Record<string, Decimal> = {};
    let remaining = amount;
    for (const index of order) {
      const free = devices.capacity[index]!.minus(row[index]!);
      if (free.gt(0)) {
        const take = remaining.lt(free) ? remaining : free;
        taken[devices.ids[index]!] = take;
        row[index] = row[index]!.plus(take);
        remaining = remaining.minus(take);
      }
      if (remaining.isZero()) break;
    }
    this.updateHint(devices, taken, options.affinityHint);
    return taken;
  }

  private evenly(slot: string, amount: Decimal, working: WorkingAllocations, options: AllocateOptions) {
    const devices = this.slots.get(slot);
    const remaining = truncate(amount).toNumber();
    if (!Number.isSafeInteger(remaining)) {
      throw InvalidResourceArgument.badAmount(slot, amount.toFixed(), 'at most 2^53 units for an EVENLY map');
    }
    if (remaining > 0 && !devices) {
      throw new InsufficientResource(slot, amount, 0, options.contextTag, 'no device provides it');
    }
    if (!devices) return {};
    const row = this.row(working, slot);
    const held = this.wholeCapacity(devices) ? wholeNumbers(row) : undefined;
    const added = held
      ? this.evenlyWhole(devices, row, held, remaining, amount, options)
      : this.evenlyDecimal(devices, row, remaining, amount, options);
    const taken: Record<string, Decimal> = {};
    devices.ids.forEach((deviceId, index) => {
      if (added[index]! > 0) {
        row[index] = row[index]!.plus(added[index]!);
        taken[deviceId] = exact(added[index]!);
      }
    });
    this.updateHint(devices, taken, options.affinityHint);
    return taken;
  }

  /**
   * The EVENLY rounds when every capacity and allocated amount is a whole number (cores, whole
   * devices): the same steps in plain numbers, which are exact for whole numbers.
   */
  private evenlyWhole(
    devices: SlotDevices,
    row: readonly Decimal[],
    held: readonly number[],
    remaining: number,
    amount: Decimal,
    options: AllocateOptions,
  ): number[] {
    const added = devices.ids.map(() => 0);
    const capacity = devices.approxCapacity;
    for (let round = 0; remaining > 0; round++) {
      if (round >= MAX_ROUNDS) throw AllocationError.tooManyRepeats(devices.slot, amount, options.contextTag);
      const order = this.order(devices, row, options.affinityHint, held);
      const free = capacity.map((value, index) => value - held[index]! - added[index]!);
      const allocatable = free.reduce((sum, value) => sum + value, 0);
      if (allocatable < remaining) {
        throw new InsufficientResource(devices.slot, amount, allocatable, options.contextTag);
      }
      const candidates = order.filter((index) => free[index]! > 0);
      const base = Math.floor(remaining / candidates.length);
      const extra = remaining % candidates.length;
      let rank = 0;
      for (const index of order) {
        const share = free[index]! > 0 ? base + (rank++ < extra ? 1 : 0) : 0;
        const diff = Math.min(free[index]!, share);
        added[index]! += diff;
        remaining -= diff;
        if (remaining === 0) break;
      }
    }
    return added;
  }

  private evenlyDecimal(
    devices: SlotDevices,
    row: readonly Decimal[],
    remaining: number,
    amount: Decimal,
    options: AllocateOptions,
  ): number[] {
    const slot = devices.slot;
    const added = devices.ids.map(() => 0);
    const freeNow = (index: number) => devices.capacity[index]!.minus(row[index]!).minus(added[index]!);
    for (let round = 0; remaining > 0; round++) {
      if (round >= MAX_ROUNDS) throw AllocationError.tooManyRepeats(slot, amount, options.contextTag);
      const order = this.order(devices, row, options.affinityHint);
      const free = devices.ids.map((_, index) => freeNow(index));
      const allocatable = truncate(free.reduce((sum, value) => sum.plus(value), ZERO));
      if (allocatable.lt(remaining))
        throw new InsufficientResource(slot, amount, allocatable, options.contextTag);
      const candidates = order.filter((index) => free[index]!.gt(0));
      if (candidates.length === 0) {
        throw new InsufficientResource(
          slot,
          amount,
          allocatable,
          options.contextTag,
          'no device has room left',
        );
      }
      const base = Math.floor(remaining / candidates.length);
      const extra = remaining % candidates.length;
      const share = new Map(candidates.map((index, rank) => [index, base + (rank < extra ? 1 : 0)]));
      for (const index of order) {
        const diff = Math.min(truncate(free[index]!).toNumber(), share.get(index) ?? 0);
        added[index]! += diff;
        remaining -= diff;
        if (remaining === 0) break;
      }
    }
    return added;
  }

  private wholeCapacity(devices: SlotDevices): boolean {
    let whole = this.whole.get(devices);
    if (whole === undefined) {
      whole = devices.capacity.every(isSafeWhole);
      this.whole.set(devices, whole);
    }
    return whole;
  }
}

/** The amounts as doubles when every one is a whole number doubles hold exactly, else undefined. */
function wholeNumbers(row: readonly Decimal[]): number[] | undefined {
  const numbers: number[] = [];
  for (const amount of row) {
    if (!isSafeWhole(amount)) return undefined;
    numbers.push(approximate(amount));
  }
  return numbers;
}
