import Decimal from 'decimal.js';
import {
  TesseraError,
  type Accelerator,
  type AcceleratorDevice,
  type AcceleratorKernelArgs,
  type AcceleratorMetadata,
  type DeviceAllocation,
  type Logger,
  type SlotType,
} from '@tessera/core';
import type { Config } from './config.generated';
import { acceleratorMetadata } from './accelerator-metadata';
import { AllocationTable } from './allocation-table';
import {
  pickShares,
  pickWholeDevices,
  type DevicePicks,
  type FreeDevice,
} from './device-allocation-strategies';
import { mockKernelArgs } from './kernel-args';
import { resolveMockSettings, type MockSettings } from './mock-settings';
import { deviceSlotName, exclusiveSlotPatterns, matchesSlotPattern, sharesSlotName } from './slot-names';

/** An allocation worked out against the table, or why there is none (for the log line). */
type AllocationPlan =
  { allocation: DeviceAllocation } | { refused: { reason: string; [field: string]: unknown } };

/**
 * accelerator/v1 over simulated devices. Pure bookkeeping: nothing touches hardware, so every
 * method answers from the config and the allocation table.
 */
export class MockAccelerator implements Accelerator {
  /** The registry name (the package's `tessera.name`). */
  readonly name = 'mock';
  readonly key: string;
  readonly slotTypes: Record<string, SlotType>;
  readonly exclusiveSlotTypes: string[];
  private readonly settings: MockSettings;
  private readonly table = new AllocationTable();

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
    if (this.table.holds(kernelId)) {
      throw TesseraError.internal(`accelerator-mock: kernel ${kernelId} already holds an allocation`);
    }
    const plan = this.plan(slots);
    if ('refused' in plan) {
      this.log.info('device allocation refused', { kernelId, ...plan.refused });
      return null;
    }
    this.table.commit(kernelId, plan.allocation);
    this.log.debug('devices allocated', { kernelId, allocation: plan.allocation });
    return plan.allocation;
  }

  async release(kernelId: string): Promise<void> {
    if (this.table.release(kernelId)) this.log.debug('devices released', { kernelId });
  }

  /**
   * Takes back a kernel's allocation after an agent restart. Only this accelerator's slots count;
   * devices it does not have are refused, so a changed configuration cannot double-book.
   */
  async restore(kernelId: string, allocation: DeviceAllocation): Promise<void> {
    const own: DeviceAllocation = {};
    const known = new Set(this.settings.devices.map((device) => device.deviceId));
    for (const [slotName, perDevice] of Object.entries(allocation)) {
      if (this.slotTypes[slotName] === undefined) continue;
      for (const deviceId of Object.keys(perDevice)) {
        if (!known.has(deviceId)) {
          throw TesseraError.internal(`accelerator-mock: kernel ${kernelId} held unknown device ${deviceId}`);
        }
      }
      own[slotName] = { ...perDevice };
    }
    if (Object.keys(own).length === 0) return;
    this.table.release(kernelId);
    this.table.commit(kernelId, own);
    this.log.info('devices restored', { kernelId, allocation: own });
  }

  async kernelArgs(allocation: DeviceAllocation): Promise<AcceleratorKernelArgs> {
    return mockKernelArgs(this.settings, allocation);
  }

  /** Works out an all-or-nothing allocation against the current table without committing it. */
  private plan(slots: Record<string, string>): AllocationPlan {
    const requested: Array<[string, Decimal]> = [];
    for (const [slotName, text] of Object.entries(slots)) {
      let amount: Decimal;
      try {
        amount = new Decimal(text);
      } catch {
        return { refused: { reason: 'invalid amount', slot: slotName, amount: text } };
      }
      if (amount.isNaN() || amount.isNegative())
        return { refused: { reason: 'invalid amount', slot: slotName, amount: text } };
      if (amount.isZero()) continue;
      if (!this.slotTypes[slotName])
        return { refused: { reason: 'unknown slot', slot: slotName, known: Object.keys(this.slotTypes) } };
      requested.push([slotName, amount]);
    }
    const families = new Set(
      requested.map(
        ([slotName]) => this.exclusiveSlotTypes.find((p) => matchesSlotPattern(slotName, p)) ?? slotName,
      ),
    );
    if (families.size > 1) {
      return { refused: { reason: 'slots cannot be combined', slots: requested.map(([name]) => name) } };
    }
    const allocation: DeviceAllocation = {};
    for (const [slotName, amount] of requested) {
      const picks = this.pick(slotName, amount);
      if (!picks)
        return { refused: { reason: 'not enough free devices', slot: slotName, amount: amount.toFixed() } };
      allocation[slotName] = Object.fromEntries([...picks].map(([id, taken]) => [id, taken.toFixed()]));
    }
    return { allocation };
  }

  private pick(slotName: string, amount: Decimal): DevicePicks {
    const devices: FreeDevice[] = this.settings.devices
      .filter((d) => d.slotName === slotName)
      .map((d) => ({ deviceId: d.deviceId, free: d.capacity.sub(this.table.used(d.deviceId)) }));
    if (this.slotTypes[slotName] === 'unique') {
      // A unique slot names one slice; Backend.AI rejects any other amount.
      return amount.eq(1) ? pickWholeDevices(amount, devices) : null;
    }
    if (slotName === sharesSlotName(this.key)) return pickShares(amount, devices, this.settings.quantum);
    return pickWholeDevices(amount, devices);
  }
}
