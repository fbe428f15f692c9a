import { isAccelerator, parseSlotName, type ResourceSlot } from '@tessera/core';

/**
 * The device a slot belongs to when it is an accelerator slot (`cuda` for `cuda.shares`), else
 * undefined (`cpu`, `mem`, `cuda.mem`).
 */
export function acceleratorDevice(slot: string): string | undefined {
  return isAccelerator(slot) ? parseSlotName(slot).device : undefined;
}

/**
 * The accelerator devices an agent has (some slot of the device above zero in `held`, its
 * capacity) that the request does not use (no slot
 * of the device requested above zero): device types a kernel placed there would leave idle.
 * Counted per device, so `cuda.device` and `cuda.shares` on one agent are one idle type. Sorted.
 */
export function idleAcceleratorDevices(requested: ResourceSlot, held: ResourceSlot): string[] {
  const used = devicesAboveZero(requested);
  return devicesAboveZero(held)
    .filter((device) => !used.includes(device))
    .sort();
}

/** Worked out once per slot set: slot sets are immutable, and an agent's figures repeat across selections. */
const devicesOf = new WeakMap<ResourceSlot, readonly string[]>();

function devicesAboveZero(slots: ResourceSlot): readonly string[] {
  const known = devicesOf.get(slots);
  if (known) return known;
  const devices = new Set<string>();
  for (const slot of slots.keys()) {
    const device = acceleratorDevice(slot);
    if (device !== undefined && slots.get(slot).gt(0)) devices.add(device);
  }
  const list = [...devices];
  devicesOf.set(slots, list);
  return list;
}
