import Decimal from 'decimal.js';
import {
  AffinityMap,
  AffinityPolicy,
  AllocationError,
  DEFAULT_ALLOCATION_ORDER,
  allocateInOrder,
  type Accelerator,
  type AcceleratorContainerOptions,
  type AcceleratorKernelArgs,
  type AllocMap,
  type AllocMapCheckpoint,
  type DeviceAllocation,
  type Logger,
} from '@tessera/core';
import { mergeContainerOptions, type KeyedContainerOptions } from './container-options';

const INTRINSIC_SLOTS = new Set(['cpu', 'mem']);

/** Devices a kernel got from every accelerator, and what the kernel must be told about them. */
export interface KernelDevices {
  allocation: DeviceAllocation;
  environ: Record<string, string>;
  resourceData: Record<string, string>;
  attachedDevices: AcceleratorKernelArgs['attachedDevices'];
  /** Every accelerator's container options merged; absent when none has any. */
  container?: AcceleratorContainerOptions;
}

export type DeviceAllocationOutcome =
  { devices: KernelDevices } | { failure: string; details: Record<string, unknown> };

export interface DeviceAllocatorOptions {
  /**
   * Device keys in the order their maps are allocated (the agent's `allocationOrder`); keys of
   * no installed accelerator are left out, installed ones it does not list go last.
   */
  allocationOrder?: readonly string[];
  /** How the first map of a run spreads over NUMA nodes (the agent's `affinityPolicy`). */
  affinityPolicy?: AffinityPolicy;
}

/** Per-kernel options of one allocation. */
export interface KernelAllocationOptions {
  /** The resource group's `allow_fractional_resource_fragmentation` (true when not known). */
  allowFractionalResourceFragmentation?: boolean;
}

/** The accelerators as the agent allocates them: maps by device key, and the others. */
interface Prepared {
  maps: Map<string, AllocMap>;
  owners: Map<string, Accelerator>;
  plain: Accelerator[];
  order: string[];
  affinityMap: AffinityMap | undefined;
}

/** What one kernel holds: per map, and the accelerators that allocated through `allocate`. */
interface Holding {
  maps: Record<string, DeviceAllocation>;
  plain: Accelerator[];
}

/**
 * Splits a kernel's slots among the accelerators that own them and allocates all or nothing.
 * Accelerators that expose an allocation map (`createAllocMap`) are allocated together through
 * the core's `allocateInOrder` (in the allocation order, NUMA-near devices first, rolled back as a
 * whole when one refuses); the others through their own `allocate`. A slot no accelerator knows,
 * or any part that cannot be satisfied, fails the whole kernel and gives back what was taken.
 * cpu and mem are the agent's own (not devices).
 */
export class DeviceAllocator {
  private prepared: Promise<Prepared> | undefined;
  private readonly holdings = new Map<string, Holding>();

  constructor(
    private readonly accelerators: Accelerator[],
    private readonly log: Logger,
    private readonly options: DeviceAllocatorOptions = {},
  ) {}

  /**
   * Builds the maps (each accelerator's `createAllocMap`, once) and the affinity map of their
   * devices; done on first use otherwise. A failure is kept: every later use fails alike.
   */
  async prepare(): Promise<void> {
    await this.ready();
  }

  private ready(): Promise<Prepared> {
    this.prepared ??= this.build();
    return this.prepared;
  }

  async allocate(
    kernelId: string,
    slots: Record<string, string>,
    options: KernelAllocationOptions = {},
  ): Promise<DeviceAllocationOutcome> {
    const prepared = await this.ready();
    if (this.holdings.has(kernelId)) {
      return { failure: `kernel ${kernelId} already holds devices`, details: { kernelId } };
    }
    const mapRequest: Record<string, string> = {};
    const plainRequests = new Map<Accelerator, Record<string, string>>();
    for (const [slotName, amount] of Object.entries(slots)) {
      if (INTRINSIC_SLOTS.has(slotName) || isZero(amount)) continue;
      const owner = this.ownerOf(slotName);
      if (!owner) {
        const known = this.accelerators.flatMap((a) => Object.keys(a.slotTypes));
        return {
          failure: `no accelerator of this agent provides the slot "${slotName}" (known: ${known.join(', ') || 'none'})`,
          details: { slot: slotName, known },
        };
      }
      if (prepared.owners.get(owner.key) === owner) mapRequest[slotName] = amount;
      else plainRequests.set(owner, { ...plainRequests.get(owner), [slotName]: amount });
    }

    let fromMaps: Record<string, DeviceAllocation>;
    try {
      fromMaps = allocateInOrder(prepared.maps, mapRequest, {
        order: prepared.order,
        affinityMap: prepared.affinityMap,
        affinityPolicy: this.options.affinityPolicy ?? AffinityPolicy.INTERLEAVED,
        allowFractionalResourceFragmentation: options.allowFractionalResourceFragmentation ?? true,
      });
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      return { failure: error.message, details: { code: error.code, ...error.details } };
    }
    const holding: Holding = { maps: fromMaps, plain: [] };
    this.holdings.set(kernelId, holding);
    try {
      const fromPlain = new Map<Accelerator, DeviceAllocation>();
      for (const [accelerator, request] of plainRequests) {
        const allocation = await accelerator.allocate(kernelId, request);
        if (!allocation) {
          await this.release(kernelId);
          return {
            failure: `accelerator "${accelerator.key}" cannot satisfy ${JSON.stringify(request)}`,
            details: { accelerator: accelerator.key, request },
          };
        }
        holding.plain.push(accelerator);
        fromPlain.set(accelerator, allocation);
      }
      return { devices: await this.describe(prepared, fromMaps, fromPlain) };
    } catch (error) {
      await this.release(kernelId);
      throw error;
    }
  }

  /**
   * Takes back the allocation of a kernel found again after a restart, on every accelerator that
   * owns part of it: into the maps (all or nothing) and through `restore` of the others. Fails
   * (giving back what it restored) when an owner is missing or cannot restore, so the caller ends
   * the kernel rather than let its devices be handed out twice.
   */
  async restore(kernelId: string, allocation: DeviceAllocation): Promise<void> {
    const prepared = await this.ready();
    const mapParts: Record<string, DeviceAllocation> = {};
    const plainOwners: Accelerator[] = [];
    for (const [slotName, perDevice] of Object.entries(allocation)) {
      if (Object.keys(perDevice).length === 0) continue;
      const owner = this.ownerOf(slotName);
      if (!owner) throw new Error(`no accelerator owns slot ${slotName}`);
      if (prepared.owners.get(owner.key) === owner) {
        (mapParts[owner.key] ??= {})[slotName] = perDevice;
      } else if (!owner.restore) {
        throw new Error(`accelerator ${owner.key} cannot restore allocations`);
      } else if (!plainOwners.includes(owner)) plainOwners.push(owner);
    }
    const checkpoints: AllocMapCheckpoint[] = Object.keys(mapParts).map((key) =>
      prepared.maps.get(key)!.checkpoint(),
    );
    const restored: Accelerator[] = [];
    try {
      for (const [key, part] of Object.entries(mapParts)) prepared.maps.get(key)!.applyAllocation(part);
      for (const owner of plainOwners) {
        await owner.restore!(kernelId, allocation);
        restored.push(owner);
      }
    } catch (error) {
      for (const checkpoint of checkpoints) checkpoint.map.rollback(checkpoint);
      await this.releaseFrom(restored, kernelId);
      throw error;
    }
    this.holdings.set(kernelId, { maps: mapParts, plain: restored });
  }

  /** Releases whatever the kernel holds on every accelerator (idempotent). */
  async release(kernelId: string): Promise<void> {
    const holding = this.holdings.get(kernelId);
    this.holdings.delete(kernelId);
    // Maps that could not be built hold nothing: then every accelerator is asked, as without maps.
    const prepared = this.prepared ? await this.prepared.catch(() => undefined) : undefined;
    if (holding && prepared) {
      for (const [key, allocation] of Object.entries(holding.maps)) {
        try {
          prepared.maps.get(key)!.free(allocation);
        } catch (error) {
          this.log.error('device release failed', { kernelId, accelerator: key, error: String(error) });
        }
      }
    }
    await this.releaseFrom(prepared?.plain ?? this.accelerators, kernelId);
  }

  private async build(): Promise<Prepared> {
    const maps = new Map<string, AllocMap>();
    const owners = new Map<string, Accelerator>();
    const plain: Accelerator[] = [];
    const affinityDevices: Array<{ deviceName: string; deviceId: string; numaNode: number | null }> = [];
    for (const accelerator of this.accelerators) {
      if (!accelerator.createAllocMap || maps.has(accelerator.key)) {
        if (accelerator.createAllocMap) {
          this.log.warn('two accelerators share a device key: the second allocates without a map', {
            key: accelerator.key,
          });
        }
        plain.push(accelerator);
        continue;
      }
      maps.set(accelerator.key, await accelerator.createAllocMap());
      owners.set(accelerator.key, accelerator);
      for (const device of await accelerator.listDevices()) {
        affinityDevices.push({
          deviceName: accelerator.key,
          deviceId: device.deviceId,
          numaNode: device.numaNode,
        });
      }
    }
    const configured = this.options.allocationOrder ?? DEFAULT_ALLOCATION_ORDER;
    const order = [
      ...configured.filter((key) => maps.has(key)),
      ...[...maps.keys()].filter((key) => !configured.includes(key)),
    ];
    const unlisted = order.filter((key) => !configured.includes(key));
    if (unlisted.length > 0) {
      this.log.info('accelerators not in allocationOrder are allocated after the listed ones', {
        unlisted,
        order,
      });
    }
    // The affinity map must know a device of every map it is asked about; without one, no NUMA hints.
    const named = new Set(affinityDevices.map((device) => device.deviceName));
    const affinityMap = [...maps.keys()].every((key) => named.has(key))
      ? AffinityMap.build(affinityDevices)
      : undefined;
    return { maps, owners, plain, order, affinityMap };
  }

  /** Environment, resource data, attached devices and container options of every part. */
  private async describe(
    prepared: Prepared,
    fromMaps: Record<string, DeviceAllocation>,
    fromPlain: Map<Accelerator, DeviceAllocation>,
  ): Promise<KernelDevices> {
    const devices: KernelDevices = { allocation: {}, environ: {}, resourceData: {}, attachedDevices: [] };
    const parts: Array<[Accelerator, DeviceAllocation]> = [
      ...prepared.order
        .filter((key) => fromMaps[key] !== undefined)
        .map((key): [Accelerator, DeviceAllocation] => [prepared.owners.get(key)!, fromMaps[key]!]),
      ...fromPlain,
    ];
    const container: KeyedContainerOptions[] = [];
    for (const [accelerator, allocation] of parts) {
      const args = await accelerator.kernelArgs(allocation);
      Object.assign(devices.allocation, allocation);
      Object.assign(devices.environ, args.environ);
      Object.assign(devices.resourceData, args.resourceData);
      devices.attachedDevices.push(...args.attachedDevices);
      container.push({ key: accelerator.key, options: args.container });
    }
    const merged = mergeContainerOptions(container);
    if (merged) devices.container = merged;
    return devices;
  }

  private ownerOf(slotName: string): Accelerator | undefined {
    return this.accelerators.find((a) => a.slotTypes[slotName] !== undefined);
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
