import type Decimal from 'decimal.js';
import type { SlotType } from '../slots/slot-type';
import type { AllocDeviceSlot } from './alloc-map';
import { parseAmount } from './allocation-amounts';
import { InvalidResourceArgument } from './allocation-errors';
import { approximate, isSafeWhole } from './approximate';

/** The devices of one slot, in the plugin's order: ids, capacities, and an id-to-index lookup. */
export interface SlotDevices {
  readonly slot: string;
  /** The device key: the text before the first `.` of the slot name. */
  readonly deviceName: string;
  readonly type: SlotType;
  readonly ids: readonly string[];
  readonly capacity: readonly Decimal[];
  readonly index: ReadonlyMap<string, number>;
  /** The capacities as doubles, and whether each is a whole number doubles hold exactly. */
  readonly approxCapacity: readonly number[];
  readonly wholeCapacity: readonly boolean[];
}

/** Per slot, the allocated amount of each device (same order as `SlotDevices`). */
export type WorkingAllocations = Map<string, Decimal[]>;

/** Groups a map's devices by slot, leaving masked ones out; refuses duplicates and bad amounts. */
export function slotDevicesFrom(
  devices: readonly AllocDeviceSlot[],
  mask: ReadonlySet<string>,
): ReadonlyMap<string, SlotDevices> {
  const seen = new Set<string>();
  const slots = new Map<
    string,
    { type: SlotType; ids: string[]; capacity: Decimal[]; index: Map<string, number> }
  >();
  for (const device of devices) {
    if (seen.has(device.deviceId)) {
      throw new InvalidResourceArgument(`Device "${device.deviceId}" is listed twice in one allocation map`, {
        deviceId: device.deviceId,
      });
    }
    seen.add(device.deviceId);
    if (mask.has(device.deviceId)) continue;
    const type = device.slotType ?? 'count';
    let slot = slots.get(device.slotName);
    if (!slot) {
      slot = { type, ids: [], capacity: [], index: new Map() };
      slots.set(device.slotName, slot);
    } else if (slot.type !== type) {
      throw new InvalidResourceArgument(
        `Slot "${device.slotName}" is given as both ${slot.type} and ${type} (device "${device.deviceId}")`,
        { slot: device.slotName, deviceId: device.deviceId },
      );
    }
    slot.index.set(device.deviceId, slot.ids.length);
    slot.ids.push(device.deviceId);
    slot.capacity.push(parseAmount(device.slotName, device.amount));
  }
  return new Map(
    [...slots].map(([name, slot]) => [
      name,
      Object.freeze({
        slot: name,
        deviceName: name.split('.', 1)[0]!,
        ...slot,
        approxCapacity: slot.capacity.map(approximate),
        wholeCapacity: slot.capacity.map(isSafeWhole),
      }),
    ]),
  );
}
