import Decimal from 'decimal.js';
import {
  KernelAllocations,
  type Accelerator,
  type AcceleratorDevice,
  type AcceleratorKernelArgs,
  type AcceleratorMetadata,
  type AcceleratorNodeMeasure,
  type AllocMap,
  type DeviceAllocation,
  type Logger,
  type SlotType,
} from '@tessera/core';
import type { Config } from './config.generated';
import { acceleratorMetadata } from './accelerator-metadata';
import { mockKernelArgs } from './kernel-args';
import { createMockAllocMap } from './mock-alloc-map';
import { mockNodeMeasures } from './mock-measures';
import { resolveMockSettings, type MockSettings } from './mock-settings';
import { deviceSlotName, exclusiveSlotPatterns, sharesSlotName } from './slot-names';

/**
 * accelerator/v1 over simulated devices. Pure bookkeeping: nothing touches hardware, so every
 * method answers from the config and an allocation map of the core. An agent allocates through
 * maps of its own (`createAllocMap`); `allocate`, `release` and `restore` work on the mock's own
 * map, for agents and tests that use the plain contract.
 */
export class MockAccelerator implements Accelerator {
  /** The registry name (the package's `tessera.name`). */
  readonly name = 'mock';
  readonly key: string;
  readonly slotTypes: Record<string, SlotType>;
  readonly exclusiveSlotTypes: string[];
  private readonly settings: MockSettings;
  /** The map `allocate`, `release` and `restore` work on, and what each kernel holds of it. */
  private readonly kernels: KernelAllocations;

  constructor(
    private readonly config: Config,
    private readonly packageVersion: string,
    private readonly log: Logger,
  ) {
    this.settings = resolveMockSettings(config);
    this.key = this.settings.key;
    this.exclusiveSlotTypes = exclusiveSlotPatterns(this.key);
    const primary = this.settings.mode === 'fractional' ? sharesSlotName(this.key) : deviceSlotName(this.key);
    const slotTypes: Record<string, SlotType> = { [primary]: 'count' };
    for (const device of this.settings.devices) {
      if (device.isMig) slotTypes[device.slotName] = 'unique';
    }
    this.slotTypes = slotTypes;
    this.kernels = new KernelAllocations(this.createAllocMap(), this.key, this.log);
  }

  /** A fresh map of the devices (nothing allocated), for an agent to allocate through. */
  createAllocMap(): AllocMap {
    return createMockAllocMap(this.settings, this.exclusiveSlotTypes);
  }

  metadata(): AcceleratorMetadata[] {
    return acceleratorMetadata(Object.keys(this.slotTypes), this.config.formats);
  }

  async listDevices(): Promise<AcceleratorDevice[]> {
    return this.settings.devices.map((d) => ({
      deviceId: d.deviceId,
      hwLocation: d.hwLocation,
      memorySize: d.memorySize.toNumber(),
      processingUnits: d.subprocCount,
      numaNode: d.numaNode,
      modelName: d.modelName,
    }));
  }

  /** Totals per slot: whole devices, summed shares, and one unit per MIG slice. */
  async availableSlots(): Promise<Record<string, string>> {
    const totals: Record<string, Decimal> = {};
    for (const name of Object.keys(this.slotTypes)) totals[name] = new Decimal(0);
    for (const device of this.settings.devices) {
      totals[device.slotName] = totals[device.slotName]!.add(device.capacity);
    }
    return Object.fromEntries(Object.entries(totals).map(([name, total]) => [name, total.toFixed()]));
  }

  version(): string {
    return this.packageVersion;
  }

  extraInfo(): Record<string, unknown> {
    return {
      ...this.config.attributes,
      [`${this.key}_support`]: true,
      devicePluginName: this.settings.devicePluginName,
      allocationMode: this.settings.mode,
      mock: true,
    };
  }

  async allocate(kernelId: string, slots: Record<string, string>): Promise<DeviceAllocation | null> {
    const unknown = Object.keys(slots).filter((slot) => this.slotTypes[slot] === undefined);
    if (unknown.length > 0 && unknown.some((slot) => !isZero(slots[slot]!))) {
      this.log.info('device allocation refused', { kernelId, reason: 'unknown slot', slots: unknown });
      return null;
    }
    return this.kernels.allocate(kernelId, slots);
  }

  async release(kernelId: string): Promise<void> {
    this.kernels.release(kernelId);
  }

  /**
   * Takes back a kernel's allocation after an agent restart. Only this accelerator's slots count;
   * a device it does not have (or masks) or cannot hold the amount is refused with the map's
   * error, and nothing changes, so a changed configuration cannot double-book.
   */
  async restore(kernelId: string, allocation: DeviceAllocation): Promise<void> {
    this.kernels.restore(kernelId, allocation);
  }

  /** Random but plausible measures of the devices (`<key>_mem`, `<key>_util`, ...), as upstream's mock. */
  async gatherNodeMeasures(): Promise<AcceleratorNodeMeasure[]> {
    return mockNodeMeasures(this.settings);
  }

  async kernelArgs(allocation: DeviceAllocation): Promise<AcceleratorKernelArgs> {
    return mockKernelArgs(this.settings, allocation);
  }
}

function isZero(amount: string): boolean {
  try {
    return new Decimal(amount).isZero();
  } catch {
    return false;
  }
}
