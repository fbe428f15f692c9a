import { DiscreteAllocMap, FractionAllocMap, type AllocDeviceSlot, type AllocMap } from '@tessera/core';
import type { MockSettings } from './mock-settings';

/**
 * The mock's devices as a core allocation map (upstream `create_alloc_map`): in discrete mode a
 * `DiscreteAllocMap` of whole devices (`<key>.device`, 1 each), in fractional mode a
 * `FractionAllocMap` of shares (`<key>.shares`, each device's share count) in steps of the
 * configured quantum; MIG slices are unique slots of 1 in either. Both use the EVENLY strategy and
 * the mock's exclusive slot patterns; masked devices are left out.
 */
export function createMockAllocMap(settings: MockSettings, exclusiveSlotTypes: string[]): AllocMap {
  const devices: AllocDeviceSlot[] = settings.devices.map((device) => ({
    deviceId: device.deviceId,
    slotName: device.slotName,
    slotType: device.isMig ? 'unique' : 'count',
    amount: device.capacity,
  }));
  const common = { devices, deviceMask: settings.deviceMask, exclusiveSlotTypes };
  return settings.mode === 'fractional'
    ? new FractionAllocMap({ ...common, quantum: settings.quantum })
    : new DiscreteAllocMap(common);
}
