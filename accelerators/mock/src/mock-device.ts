import type Decimal from 'decimal.js';

/** One simulated device after the config has been resolved. */
export interface MockDevice {
  /** The mother UUID, or `MIG-<motherUuid>/<n>/0` for the n-th MIG slice of a device. */
  deviceId: string;
  /** A fake PCI location, `0000:99:<index>.0`. */
  hwLocation: string;
  modelName: string;
  numaNode: number;
  subprocCount: number;
  memorySize: Decimal;
  isMig: boolean;
  /** The slot this device's capacity is counted in (`cuda.device`, `cuda.shares`, `cuda.device:10g-mig`). */
  slotName: string;
  /** How much of `slotName` the device provides: 1 for whole devices and MIG slices, its shares otherwise. */
  capacity: Decimal;
}
