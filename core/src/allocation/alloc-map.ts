import type Decimal from 'decimal.js';
import type { DeviceAllocation } from '../domain/kernel-spec';
import { matchesSlotPattern } from '../slots/slot-pattern';
import type { SlotType } from '../slots/slot-type';
import type { AffinityHint } from './affinity-map';
import {
  type AllocationAmounts,
  type AllocationInput,
  type SlotRequest,
  ZERO,
  parseAllocation,
  parseAmount,
  toDeviceAllocation,
} from './allocation-amounts';
import {
  AllocationError,
  InsufficientResource,
  InvalidResourceArgument,
  InvalidResourceCombination,
} from './allocation-errors';
import { orderDevices } from './device-order';
import { type SlotDevices, type WorkingAllocations, slotDevicesFrom } from './slot-devices';

/** How a map spreads a request: `EVENLY` over as many devices as needed, `FILL` most-free first. */
export const AllocationStrategy = { FILL: 'FILL', EVENLY: 'EVENLY' } as const;
export type AllocationStrategy = (typeof AllocationStrategy)[keyof typeof AllocationStrategy];

/** One device of a map and the slot it provides (Backend.AI's `DeviceSlotInfo`). */
export interface AllocDeviceSlot {
  deviceId: string;
  slotName: string;
  /** `count` when omitted; `unique` slots (MIG profiles) are allocated exactly 1 at a time. */
  slotType?: SlotType;
  /** The device's capacity in this slot (cores, bytes, shares, 1 for a whole device). */
  amount: Decimal.Value;
}

export interface AllocMapOptions {
  /** In the order the plugin lists them; the order breaks ties between equally free devices. */
  devices: readonly AllocDeviceSlot[];
  /** Device ids the agent must not hand out (the plugin's device mask): left out of the map. */
  deviceMask?: Iterable<string>;
  /** Slot names or glob patterns (`cuda.device:*-mig`) of which a request may name only one. */
  exclusiveSlotTypes?: Iterable<string>;
}

export interface AllocateOptions {
  /** Carried from slot to slot and map to map so that devices near the previous ones come first. */
  affinityHint?: AffinityHint;
  /** Names the device key in error messages (`cuda`), as the agent passes it. */
  contextTag?: string;
  /** Fractional maps only: false when the resource group disallows fragmented allocations. */
  allowFragmentation?: boolean;
  /** Fractional EVENLY only: devices with less free than this are left out (0.01 when omitted). */
  minMemory?: Decimal.Value;
}

/** One device's standing in a map (read-only). */
export interface DeviceUsage {
  readonly slotName: string;
  readonly slotType: SlotType;
  readonly deviceId: string;
  readonly capacity: Decimal;
  readonly allocated: Decimal;
  readonly free: Decimal;
}

/** An opaque copy of a map's allocations, to roll a run over several maps back. */
export interface AllocMapCheckpoint {
  readonly map: AllocMap;
  readonly allocations: ReadonlyMap<string, readonly Decimal[]>;
}

/**
 * What an agent's device plugin allocates from (Backend.AI's `AbstractAllocMap`): devices that each
 * provide one slot, how much of each is allocated, and the strategy that picks devices for a
 * request. Every operation is all-or-nothing: it computes on a copy and the map changes only when
 * it succeeds. Amounts are exact decimals.
 */
export abstract class AllocMap {
  protected readonly slots: ReadonlyMap<string, SlotDevices>;
  private allocations = new Map<string, Decimal[]>();
  private readonly exclusive: readonly string[];
  private readonly mask: ReadonlySet<string>;

  protected constructor(options: AllocMapOptions) {
    this.mask = new Set(options.deviceMask ?? []);
    this.exclusive = [...(options.exclusiveSlotTypes ?? [])];
    this.slots = slotDevicesFrom(options.devices, this.mask);
    for (const [slot, devices] of this.slots)
      this.allocations.set(
        slot,
        devices.capacity.map(() => ZERO),
      );
  }

  /**
   * Picks devices for `request` (`{slot: amount}`, zero amounts ignored) and books them; answers in
   * Backend.AI's `DeviceAllocation` shape, `{slot: {deviceId: "amount"}}`. On success a given
   * affinity hint is updated to the devices used, for the next map.
   */
  allocate(request: SlotRequest, options: AllocateOptions = {}): DeviceAllocation {
    const requested = new Map<string, Decimal>();
    for (const [slot, value] of Object.entries(request)) {
      const amount = parseAmount(slot, value);
      if (amount.gt(0)) requested.set(slot, amount);
    }
    this.checkExclusive(requested);
    for (const [slot, amount] of requested) {
      if (this.slots.get(slot)?.type === 'unique' && !amount.eq(1)) {
        throw InvalidResourceArgument.uniqueNotOne(slot, amount);
      }
    }
    const working: WorkingAllocations = new Map(this.allocations);
    const hint = options.affinityHint ? { ...options.affinityHint } : undefined;
    const result = this.distribute(requested, working, { ...options, affinityHint: hint });
    this.commit(working);
    if (hint && options.affinityHint) options.affinityHint.devices = hint.devices;
    return toDeviceAllocation(result);
  }

  /**
   * Books what a running kernel recorded at creation (after an agent restart). Refuses, leaving the
   * map unchanged, an unknown slot or device (or a masked one) and an amount a device cannot hold.
   */
  applyAllocation(existing: AllocationInput): void {
    const working: WorkingAllocations = new Map(this.allocations);
    this.eachEntry(parseAllocation(existing), (slot, devices, index, amount) => {
      const row = this.row(working, slot);
      const total = row[index]!.plus(amount);
      if (total.gt(devices.capacity[index]!)) {
        const free = devices.capacity[index]!.minus(row[index]!);
        throw new InsufficientResource(
          slot,
          amount,
          free,
          undefined,
          `device "${devices.ids[index]}" cannot hold it`,
        );
      }
      row[index] = total;
    });
    this.commit(working);
  }

  /** Releases an allocation; refuses, leaving the map unchanged, more than is allocated. */
  free(existing: AllocationInput): void {
    const working: WorkingAllocations = new Map(this.allocations);
    this.eachEntry(parseAllocation(existing), (slot, devices, index, amount) => {
      const row = this.row(working, slot);
      if (amount.gt(row[index]!))
        throw InvalidResourceArgument.freeTooMuch(slot, devices.ids[index]!, amount, row[index]!);
      row[index] = row[index]!.minus(amount);
    });
    this.commit(working);
  }

  /** Every (unmasked) device with its capacity, allocated and free amounts. */
  view(): DeviceUsage[] {
    const usage: DeviceUsage[] = [];
    for (const [slot, devices] of this.slots) {
      const row = this.allocations.get(slot)!;
      devices.ids.forEach((deviceId, index) =>
        usage.push(
          Object.freeze({
            slotName: slot,
            slotType: devices.type,
            deviceId,
            capacity: devices.capacity[index]!,
            allocated: row[index]!,
            free: devices.capacity[index]!.minus(row[index]!),
          }),
        ),
      );
    }
    return usage;
  }

  /** What is allocated, per slot and device, zeros included (`{slot: {deviceId: "amount"}}`). */
  allocated(): DeviceAllocation {
    const out: AllocationAmounts = {};
    for (const usage of this.view()) (out[usage.slotName] ??= {})[usage.deviceId] = usage.allocated;
    return toDeviceAllocation(out);
  }

  /** The slot names this map provides. */
  slotNames(): string[] {
    return [...this.slots.keys()];
  }

  checkpoint(): AllocMapCheckpoint {
    return { map: this, allocations: new Map(this.allocations) };
  }

  rollback(checkpoint: AllocMapCheckpoint): void {
    if (checkpoint.map !== this) throw new Error('a checkpoint can only roll back the map it was taken from');
    this.allocations = new Map([...checkpoint.allocations].map(([slot, row]) => [slot, [...row]]));
  }

  /** The strategy: books into `working` (rows copied on write through `row`) and returns the result. */
  protected abstract distribute(
    requested: ReadonlyMap<string, Decimal>,
    working: WorkingAllocations,
    options: AllocateOptions,
  ): AllocationAmounts;

  /** The row of `slot` in `working`, copied the first time it is written. */
  protected row(working: WorkingAllocations, slot: string): Decimal[] {
    let row = working.get(slot)!;
    if (row === this.allocations.get(slot)) {
      row = [...row];
      working.set(slot, row);
    }
    return row;
  }

  /** The free amount of `slot` over all its devices, as committed (before the current operation). */
  protected freeBefore(slot: string): Decimal {
    const devices = this.slots.get(slot);
    const row = this.allocations.get(slot);
    if (!devices || !row) return ZERO;
    return devices.capacity.reduce((sum, capacity, index) => sum.plus(capacity).minus(row[index]!), ZERO);
  }

  /**
   * Device indexes of `slot` in the order a strategy visits them (upstream's
   * `get_current_allocations`). `wholeHeld`: the allocated amounts as doubles, when they and the
   * capacities are all whole numbers (then compared as doubles, exactly).
   */
  protected order(
    slot: SlotDevices,
    allocated: readonly Decimal[],
    hint: AffinityHint | undefined,
    wholeHeld?: readonly number[],
  ): number[] {
    return orderDevices(slot, allocated, hint, wholeHeld);
  }

  /** Records the devices a slot got as the hint for the next slot (upstream's `update_affinity_hint`). */
  protected updateHint(
    slot: SlotDevices,
    amounts: Record<string, Decimal>,
    hint: AffinityHint | undefined,
  ): void {
    if (!hint) return;
    hint.devices = Object.entries(amounts)
      .filter(([, amount]) => !amount.isZero())
      .map(([deviceId]) => hint.affinityMap.find(slot.deviceName, deviceId))
      .filter((device) => device !== undefined);
  }

  private checkExclusive(requested: ReadonlyMap<string, Decimal>): void {
    if (this.exclusive.length === 0) return;
    const matches = (slot: string) =>
      this.exclusive.some((pattern) =>
        pattern.includes('*') ? matchesSlotPattern(slot, pattern) : slot === pattern,
      );
    const exclusive = [...requested.keys()].filter(matches);
    if (exclusive.length > 1) {
      const [first, second] = exclusive as [string, string];
      throw new InvalidResourceCombination(first, requested.get(first)!, second, requested.get(second)!);
    }
  }

  private eachEntry(
    amounts: AllocationAmounts,
    visit: (slot: string, devices: SlotDevices, index: number, amount: Decimal) => void,
  ): void {
    for (const [slot, perDevice] of Object.entries(amounts)) {
      const devices = this.slots.get(slot);
      for (const [deviceId, amount] of Object.entries(perDevice)) {
        const index = devices?.index.get(deviceId);
        if (!devices || index === undefined) {
          throw InvalidResourceArgument.unknownDevice(
            slot,
            deviceId,
            devices?.ids ?? [],
            this.mask.has(deviceId),
          );
        }
        visit(slot, devices, index, amount);
      }
    }
  }

  private commit(working: WorkingAllocations): void {
    for (const [slot, row] of working) {
      const committed = this.allocations.get(slot)!;
      if (row === committed) continue;
      const devices = this.slots.get(slot)!;
      row.forEach((amount, index) => {
        if (amount === committed[index]) return;
        if (amount.gt(devices.capacity[index]!) || amount.isNegative()) {
          throw new AllocationError(
            'resource-error',
            `Slot "${slot}": device "${devices.ids[index]}" would hold ${amount.toFixed()} of ${devices.capacity[index]!.toFixed()}; refused`,
            { slot, deviceId: devices.ids[index], amount: amount.toFixed() },
          );
        }
      });
    }
    this.allocations = working;
  }
}
