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
  const used = acceleratorDevicesOf(requested);
  return acceleratorDevicesOf(held)
    .filter((device) => !used.includes(device))
    .sort();
}

/** How many of `held` devices are not among `used`: `idleAcceleratorDevices(...).length` without building the list. */
export function countIdleDevices(used: readonly string[], held: readonly string[]): number {
  let idle = 0;
  for (const device of held) if (!used.includes(device)) idle++;
  return idle;
}

/** The accelerator devices with some slot above zero in `slots`, each once, in slot order. */
export function acceleratorDevicesOf(slots: ResourceSlot): readonly string[] {
  const devices = new Set<string>();
  for (const slot of slots.keys()) {
    const device = acceleratorDevice(slot);
    if (device !== undefined && slots.get(slot).gt(0)) devices.add(device);
  }
  return [...devices];
}
