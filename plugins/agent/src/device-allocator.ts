import Decimal from 'decimal.js';
import type { Accelerator, AcceleratorKernelArgs, DeviceAllocation, Logger } from '@tessera/core';

const INTRINSIC_SLOTS = new Set(['cpu', 'mem']);

/** Devices a kernel got from every accelerator, and what the kernel must be told about them. */
export interface KernelDevices {
  allocation: DeviceAllocation;
  environ: Record<string, string>;
  resourceData: Record<string, string>;
  attachedDevices: AcceleratorKernelArgs['attachedDevices'];
}

export type DeviceAllocationOutcome =
  { devices: KernelDevices } | { failure: string; details: Record<string, unknown> };

/**
 * Splits a kernel's slots among the accelerators that own them and allocates all or nothing:
 * a slot no accelerator knows, or an accelerator that cannot satisfy its part, fails the whole
 * kernel and releases what was already taken. cpu and mem are the agent's own (not devices).
 */
export class DeviceAllocator {
  constructor(
    private readonly accelerators: Accelerator[],
    private readonly log: Logger,
  ) {}

  async allocate(kernelId: string, slots: Record<string, string>): Promise<DeviceAllocationOutcome> {
    const requests = new Map<Accelerator, Record<string, string>>();
    for (const [slotName, amount] of Object.entries(slots)) {
      if (INTRINSIC_SLOTS.has(slotName) || isZero(amount)) continue;
      const owner = this.accelerators.find((a) => a.slotTypes[slotName] !== undefined);
      if (!owner) {
        return {
          failure: 'unknown accelerator slot',
          details: { slot: slotName, known: this.accelerators.flatMap((a) => Object.keys(a.slotTypes)) },
        };
      }
      requests.set(owner, { ...requests.get(owner), [slotName]: amount });
    }
    const devices: KernelDevices = { allocation: {}, environ: {}, resourceData: {}, attachedDevices: [] };
    const allocated: Accelerator[] = [];
    for (const [accelerator, request] of requests) {
      const allocation = await accelerator.allocate(kernelId, request);
      if (!allocation) {
        await this.releaseFrom(allocated, kernelId);
        return { failure: 'not enough free devices', details: { accelerator: accelerator.key, request } };
      }
      allocated.push(accelerator);
      const args = await accelerator.kernelArgs(allocation);
      Object.assign(devices.allocation, allocation);
      Object.assign(devices.environ, args.environ);
      Object.assign(devices.resourceData, args.resourceData);
      devices.attachedDevices.push(...args.attachedDevices);
    }
    return { devices };
  }

  /**
   * Takes back the allocation of a kernel found again after a restart, on every accelerator that
   * owns part of it. Fails (releasing what it restored) when an owner is missing or cannot restore,
   * so the caller ends the kernel rather than let its devices be handed out twice.
   */
  async restore(kernelId: string, allocation: DeviceAllocation): Promise<void> {
    const restored: Accelerator[] = [];
    try {
      for (const [slotName, perDevice] of Object.entries(allocation)) {
        if (Object.keys(perDevice).length === 0) continue;
        const owner = this.accelerators.find((a) => a.slotTypes[slotName] !== undefined);
        if (!owner?.restore) {
          throw new Error(
            owner
              ? `accelerator ${owner.key} cannot restore allocations`
              : `no accelerator owns slot ${slotName}`,
          );
        }
        if (restored.includes(owner)) continue;
        await owner.restore(kernelId, allocation);
        restored.push(owner);
      }
    } catch (error) {
      await this.releaseFrom(restored, kernelId);
      throw error;
    }
  }

  /** Releases whatever the kernel holds on every accelerator (release is idempotent). */
  async release(kernelId: string): Promise<void> {
    await this.releaseFrom(this.accelerators, kernelId);
  }

  private async releaseFrom(accelerators: Accelerator[], kernelId: string): Promise<void> {
    for (const accelerator of accelerators) {
      try {
        await accelerator.release(kernelId);
      } catch (error) {
        this.log.error('device release failed', {
          kernelId,
          accelerator: accelerator.key,
          error: String(error),
        });
      }
    }
  }
}

function isZero(amount: string): boolean {
  try {
    return new Decimal(amount).isZero();
  } catch {
    return false;
  }
}
