import Decimal from 'decimal.js';
import type { NvidiaInventory } from './nvidia-smi';
import { pciNumaNode } from './sysfs';

export const DEVICE_SLOT = 'cuda.device';
export const SHARES_SLOT = 'cuda.shares';
export const EXCLUSIVE_SLOT_PATTERNS = ['cuda.device:*-mig', DEVICE_SLOT, SHARES_SLOT];

/** `1g.5gb` -> `cuda.device:1g.5gb-mig`. */
export function migSlotName(profile: string): string {
  return `cuda.device:${profile.toLowerCase()}-mig`;
}

/** A GPU or a MIG instance as the plugin hands it out. */
export interface CudaDevice {
  /** The GPU's UUID (`GPU-...`) or the MIG instance's (`MIG-...`): stable across reboots and re-ordering. */
  deviceId: string;
  /** The PCI bus id (a MIG instance has its GPU's). */
  hwLocation: string;
  modelName: string;
  memorySize: number;
  /** MIG instances: their compute slices (`3g` -> 3); whole GPUs: 0 (nvidia-smi does not report SMs). */
  processingUnits: number;
  numaNode: number | null;
  isMig: boolean;
  /** The GPU a MIG instance belongs to (its own UUID for a whole GPU). */
  parentUuid: string;
  /** The slot it counts in, and how much of it it provides. */
  slotName: string;
  capacity: Decimal;
}

export interface DeviceOptions {
  fractional: boolean;
  sharesPerDevice: number;
  deviceMask: readonly string[];
  sysfsRoot: string;
}

const GIB = 1024 * 1024 * 1024;

/** `3g.20gb` -> 3 slices, 20 GiB (the profile's nominal memory). */
function profileSize(profile: string): { slices: number; memory: number } {
  const match = /^(\d+)g\.(\d+)gb/i.exec(profile);
  return match ? { slices: Number(match[1]), memory: Number(match[2]) * GIB } : { slices: 0, memory: 0 };
}

/**
 * The devices to hand out: every GPU without MIG as a whole device (or its shares in fractional
 * mode), and every MIG instance of a GPU with MIG on as a unique slot; the GPU itself is then not
 * handed out. Masked GPUs (and their instances) and masked instances are left out.
 */
export async function cudaDevices(inventory: NvidiaInventory, options: DeviceOptions): Promise<CudaDevice[]> {
  const masked = new Set(options.deviceMask);
  const devices: CudaDevice[] = [];
  for (const gpu of inventory.gpus) {
    if (masked.has(gpu.uuid)) continue;
    const numaNode = await pciNumaNode(options.sysfsRoot, gpu.pciBusId);
    if (gpu.migEnabled) {
      for (const instance of inventory.migInstances.filter((m) => m.parentUuid === gpu.uuid)) {
        if (masked.has(instance.uuid)) continue;
        const size = profileSize(instance.profile);
        devices.push({
          deviceId: instance.uuid,
          hwLocation: gpu.pciBusId,
          modelName: `MIG-${instance.profile}`,
          memorySize: size.memory,
          processingUnits: size.slices,
          numaNode,
          isMig: true,
          parentUuid: gpu.uuid,
          slotName: migSlotName(instance.profile),
          capacity: new Decimal(1),
        });
      }
      continue;
    }
    devices.push({
      deviceId: gpu.uuid,
      hwLocation: gpu.pciBusId,
      modelName: gpu.name,
      memorySize: gpu.memoryTotal,
      processingUnits: 0,
      numaNode,
      isMig: false,
      parentUuid: gpu.uuid,
      slotName: options.fractional ? SHARES_SLOT : DEVICE_SLOT,
      capacity: new Decimal(options.fractional ? options.sharesPerDevice : 1),
    });
  }
  return devices;
}
