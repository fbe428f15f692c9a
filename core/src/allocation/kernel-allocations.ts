import type { Logger } from '../contracts/logger';
import type { DeviceAllocation } from '../domain/kernel-spec';
import { TesseraError } from '../errors/tessera-error';
import type { AllocMap } from './alloc-map';
import { AllocationError } from './allocation-errors';

/**
 * What an accelerator that allocates through a core map keeps per kernel: the map, and which
 * kernel holds what. It answers accelerator/v1's `allocate`, `release` and `restore` for that map,
 * so accelerator packages (the core's and vendors') do not each keep their own table.
 */
export class KernelAllocations {
  private readonly held = new Map<string, DeviceAllocation>();

  /** `owner` names the accelerator in errors and logs (its key). */
  constructor(
    private readonly map: AllocMap,
    private readonly owner: string,
    private readonly log?: Logger,
  ) {}

  /**
   * Allocates for a kernel; null when the map refuses (the reason is logged), the map unchanged.
   * A kernel that already holds an allocation is a programming error in the caller.
   */
  allocate(kernelId: string, slots: Record<string, string>): DeviceAllocation | null {
    if (this.held.has(kernelId))
      throw TesseraError.internal(
        `accelerator ${this.owner}: kernel ${kernelId} already holds an allocation`,
      );
    let allocation: DeviceAllocation;
    try {
      allocation = this.map.allocate(slots, { contextTag: this.owner });
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      this.log?.info('device allocation refused', { kernelId, reason: error.message, code: error.code });
      return null;
    }
    this.held.set(kernelId, allocation);
    return allocation;
  }

  /** Frees what the kernel holds; a kernel that holds nothing is fine (idempotent). */
  release(kernelId: string): void {
    const allocation = this.held.get(kernelId);
    if (!allocation) return;
    this.map.free(allocation);
    this.held.delete(kernelId);
  }

  /**
   * Takes back a running kernel's allocation after an agent restart: only the map's own slots
   * count (a kernel's allocation names every accelerator's). What the map cannot hold (a device
   * it does not have or masks, an amount beyond a device) is refused with the map's error and
   * nothing changes, so a changed configuration cannot double-book a device.
   */
  restore(kernelId: string, allocation: DeviceAllocation): void {
    const slots = new Set(this.map.slotNames());
    const own: DeviceAllocation = {};
    for (const [slot, perDevice] of Object.entries(allocation)) {
      if (slots.has(slot) && Object.keys(perDevice).length > 0) own[slot] = { ...perDevice };
    }
    if (Object.keys(own).length === 0) return;
    const checkpoint = this.map.checkpoint();
    const before = this.held.get(kernelId);
    try {
      if (before) this.map.free(before);
      this.map.applyAllocation(own);
    } catch (error) {
      this.map.rollback(checkpoint);
      throw error;
    }
    this.held.set(kernelId, own);
  }

  /** What the kernel holds, if anything. */
  of(kernelId: string): DeviceAllocation | undefined {
    return this.held.get(kernelId);
  }
}
