import Decimal from 'decimal.js';
import type { DeviceAllocation } from '@tessera/core';

/**
 * What each kernel holds and how much of each device is in use. A device belongs to exactly one
 * slot, so usage is kept per device id.
 */
export class AllocationTable {
  private readonly usedByDevice = new Map<string, Decimal>();
  private readonly byKernel = new Map<string, DeviceAllocation>();

  used(deviceId: string): Decimal {
    return this.usedByDevice.get(deviceId) ?? new Decimal(0);
  }

  holds(kernelId: string): boolean {
    return this.byKernel.has(kernelId);
  }

  commit(kernelId: string, allocation: DeviceAllocation): void {
    this.byKernel.set(kernelId, allocation);
    for (const perDevice of Object.values(allocation)) {
      for (const [deviceId, amount] of Object.entries(perDevice)) {
        this.usedByDevice.set(deviceId, this.used(deviceId).add(amount));
      }
    }
  }

  /** Frees what the kernel holds; false when it held nothing (already released). */
  release(kernelId: string): boolean {
    const allocation = this.byKernel.get(kernelId);
    if (!allocation) return false;
    this.byKernel.delete(kernelId);
    for (const perDevice of Object.values(allocation)) {
      for (const [deviceId, amount] of Object.entries(perDevice)) {
        const left = this.used(deviceId).sub(amount);
        if (left.lte(0)) this.usedByDevice.delete(deviceId);
        else this.usedByDevice.set(deviceId, left);
      }
    }
    return true;
  }
}
