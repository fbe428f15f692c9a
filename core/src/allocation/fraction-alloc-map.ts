import type Decimal from 'decimal.js';
import { exact } from '../slots/exact-decimal';
import { type AllocateOptions, AllocMap, type AllocMapOptions, AllocationStrategy } from './alloc-map';
import { type AllocationAmounts, HUNDREDTH, ZERO, roundDown, toHundredths } from './allocation-amounts';
import { InsufficientResource, InvalidResourceArgument, NotMultipleOfQuantum } from './allocation-errors';
import { allocateEvenly } from './fraction-evenly';
import {
  type DeviceInHundredths,
  allocateEvenlyInHundredths,
  fillInHundredths,
  fromHundredths,
  hundredthsOf,
} from './fraction-in-hundredths';
import { ensureNotFragmented } from './fragmentation-guard';
import type { SlotDevices, WorkingAllocations } from './slot-devices';

export interface FractionAllocMapOptions extends AllocMapOptions {
  /** `EVENLY` (the default) or `FILL`. */
  strategy?: AllocationStrategy;
  /** Per-device amounts are rounded down to a multiple of this; 0.01 when omitted. */
  quantum?: Decimal.Value;
}

/** The options of `allocate`; `allowFragmentation` and `minMemory` apply to fractional maps. */
export type FractionAllocateOptions = AllocateOptions;

/**
 * Shares of devices (Backend.AI's `FractionAllocMap`), e.g. `cuda.shares`. The strategy computes
 * per-device amounts in hundredths; each is then rounded down to the quantum (and so is what the
 * device holds), and a slot whose amounts all round to zero is refused with NotMultipleOfQuantum.
 */
export class FractionAllocMap extends AllocMap {
  readonly strategy: AllocationStrategy;
  readonly quantum: Decimal;

  constructor(options: FractionAllocMapOptions) {
    super(options);
    this.strategy = options.strategy ?? AllocationStrategy.EVENLY;
    this.quantum = exact(options.quantum ?? '0.01');
    if (!this.quantum.isFinite() || !this.quantum.gt(0)) {
      throw InvalidResourceArgument.badAmount('quantum', options.quantum, 'a positive number such as 0.01');
    }
  }

  protected distribute(
    requested: ReadonlyMap<string, Decimal>,
    working: WorkingAllocations,
    options: FractionAllocateOptions,
  ): AllocationAmounts {
    const computed: Array<[string, Record<string, Decimal>, boolean]> = [];
    for (const [slot, amount] of requested) {
      const devices = this.slots.get(slot);
      if (!devices)
        throw new InsufficientResource(slot, amount, 0, options.contextTag, 'no device provides it');
      const row = this.row(working, slot);
      const order = this.order(devices, row, options.affinityHint);
      const inHundredths = this.inHundredths(devices, order, row, amount, options);
      let byId: Record<string, Decimal>;
      if (inHundredths) {
        byId = inHundredths;
      } else {
        const free = devices.capacity.map((capacity, index) => capacity.minus(row[index]!));
        if (options.allowFragmentation === false) {
          ensureNotFragmented(devices, order, free, amount, this.quantum, options.contextTag);
        }
        const taken =
          this.strategy === AllocationStrategy.FILL
            ? this.fill(devices, order, free, amount, options)
            : this.evenly(devices, order, free, amount, options);
        taken.forEach((value, index) => (row[index] = row[index]!.plus(value)));
        byId = Object.fromEntries([...taken].map(([index, value]) => [devices.ids[index]!, value]));
      }
      this.updateHint(devices, byId, options.affinityHint);
      computed.push([slot, byId, inHundredths !== undefined]);
    }
    const result: AllocationAmounts = {};
    for (const [slot, byId, rounded] of computed) {
      const devices = this.slots.get(slot)!;
      const row = this.row(working, slot);
      const actual: Record<string, Decimal> = rounded ? byId : {};
      let total = ZERO;
      for (const [deviceId, value] of Object.entries(byId)) {
        if (!rounded) {
          const index = devices.index.get(deviceId)!;
          row[index] = roundDown(row[index]!, this.quantum);
          actual[deviceId] = roundDown(value, this.quantum);
        }
        total = total.plus(actual[deviceId]!);
      }
      if (total.isZero()) {
        throw new NotMultipleOfQuantum(
          slot,
          requested.get(slot)!,
          this.quantum,
          this.freeBefore(slot),
          options.contextTag,
        );
      }
      result[slot] = actual;
    }
    return result;
  }

  /**
   * The strategy in whole hundredths, when the request, the quantum, the capacities and what the
   * devices hold are all multiples of 0.01 (the usual case): the same steps as the decimal path,
   * exact in integers, with the per-device amounts (and the row) already rounded down to the
   * quantum. Answers undefined, touching nothing, when the decimal path must run: the
   * anti-fragmentation guard, or an amount that is not in hundredths.
   */
  private inHundredths(
    devices: SlotDevices,
    order: readonly number[],
    row: Decimal[],
    amount: Decimal,
    options: FractionAllocateOptions,
  ): Record<string, Decimal> | undefined {
    if (options.allowFragmentation === false) return undefined;
    const evenly = this.strategy === AllocationStrategy.EVENLY;
    const quantum = hundredthsOf(this.quantum);
    const target = hundredthsOf(amount);
    const minMemory =
      options.minMemory === undefined || !evenly ? 1 : hundredthsOf(toHundredths(exact(options.minMemory)));
    if (quantum === undefined || target === undefined || minMemory === undefined) return undefined;
    const usable: DeviceInHundredths[] = [];
    const held = new Map<number, number>();
    let allocatable = 0;
    for (const index of order) {
      const capacity = hundredthsOf(devices.capacity[index]!);
      const allocated = hundredthsOf(row[index]!);
      if (capacity === undefined || allocated === undefined) return undefined;
      held.set(index, allocated);
      const free = capacity - allocated;
      if (free >= minMemory) {
        usable.push({ index, free, capacity });
        allocatable += free;
      }
    }
    if (usable.length === 0 || allocatable < target) {
      throw new InsufficientResource(devices.slot, amount, fromHundredths(allocatable), options.contextTag);
    }
    const taken = evenly
      ? allocateEvenlyInHundredths(usable, target, minMemory)
      : fillInHundredths(usable, target);
    const roundDownToQuantum = (value: number) => value - (value % quantum);
    const byId: Record<string, Decimal> = {};
    for (const [index, amountTaken] of taken) {
      row[index] = fromHundredths(roundDownToQuantum(held.get(index)! + amountTaken));
      byId[devices.ids[index]!] = fromHundredths(roundDownToQuantum(amountTaken));
    }
    return byId;
  }

  private fill(
    devices: SlotDevices,
    order: readonly number[],
    free: readonly Decimal[],
    amount: Decimal,
    options: AllocateOptions,
  ): Map<number, Decimal> {
    const allocatable = order.reduce((sum, index) => sum.plus(free[index]!), ZERO);
    if (allocatable.lt(amount))
      throw new InsufficientResource(devices.slot, amount, allocatable, options.contextTag);
    const taken = new Map<number, Decimal>();
    let remaining = amount;
    for (const index of order) {
      if (free[index]!.gt(0)) {
        const take = remaining.lt(free[index]!) ? remaining : free[index]!;
        taken.set(index, take);
        remaining = remaining.minus(take);
      }
      if (remaining.lte(0)) break;
    }
    return taken;
  }

  private evenly(
    devices: SlotDevices,
    order: readonly number[],
    free: readonly Decimal[],
    amount: Decimal,
    options: FractionAllocateOptions,
  ): Map<number, Decimal> {
    const minMemory = toHundredths(exact(options.minMemory ?? HUNDREDTH));
    const usable = order
      .filter((index) => free[index]!.gte(minMemory))
      .map((index) => ({ index, free: free[index]!, capacity: devices.capacity[index]! }));
    const allocatable = usable.reduce((sum, device) => sum.plus(device.free), ZERO);
    if (usable.length === 0 || toHundredths(allocatable).lt(toHundredths(amount))) {
      throw new InsufficientResource(devices.slot, amount, allocatable, options.contextTag);
    }
    return allocateEvenly(usable, amount, minMemory);
  }
}
