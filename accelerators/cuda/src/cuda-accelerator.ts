import Decimal from 'decimal.js';
import {
  CommandNotFoundError,
  DiscreteAllocMap,
  gpuNodeMeasures,
  FractionAllocMap,
  KernelAllocations,
  runCommand,
  type Accelerator,
  type AcceleratorDevice,
  type AcceleratorKernelArgs,
  type AcceleratorMetadata,
  type AcceleratorNodeMeasure,
  type AllocMap,
  type CommandRunner,
  type DeviceAllocation,
  type Logger,
  type SlotType,
} from '@tessera/core';
import type { Config } from './config.generated';
import {
  type CudaDevice,
  DEVICE_SLOT,
  EXCLUSIVE_SLOT_PATTERNS,
  SHARES_SLOT,
  cudaDevices,
} from './cuda-device';
import { cudaKernelArgs } from './kernel-args';
import type { MpsDirectories } from './mps-daemon';
import { type NvidiaInventory, measureQueryArgs, parseMeasureQuery, queryInventory } from './nvidia-smi';

export interface CudaDiscoveryOptions {
  config: Config;
  packageVersion: string;
  log: Logger;
  /** Runs nvidia-smi; the real one unless a test injects recorded outputs. */
  run?: CommandRunner;
  /** MPS folders, for fractional mode (the plugin's data folder). */
  mps?: MpsDirectories;
}

const EMPTY_INVENTORY: NvidiaInventory = {
  gpus: [],
  migInstances: [],
  driverVersion: null,
  cudaVersion: null,
};

/**
 * accelerator/v1 over the host's NVIDIA GPUs as nvidia-smi reports them (Backend.AI's cuda_open
 * plugin). Devices are found once, at start; an agent allocates through `createAllocMap`, and
 * `allocate`, `release` and `restore` work on the accelerator's own map for the plain contract.
 */
export class CudaAccelerator implements Accelerator {
  readonly name = 'cuda';
  readonly key = 'cuda';
  readonly slotTypes: Record<string, SlotType>;
  readonly exclusiveSlotTypes = [...EXCLUSIVE_SLOT_PATTERNS];
  /** What each kernel holds, on this accelerator's own map (when the agent does not use the map itself). */
  private readonly kernels: KernelAllocations;

  private constructor(
    private readonly config: Config,
    private readonly packageVersion: string,
    private readonly log: Logger,
    private readonly run: CommandRunner,
    private readonly inventory: NvidiaInventory,
    readonly devices: readonly CudaDevice[],
    private readonly mps: MpsDirectories | undefined,
  ) {
    const slotTypes: Record<string, SlotType> = { [this.primarySlot]: 'count' };
    for (const device of devices) if (device.isMig) slotTypes[device.slotName] = 'unique';
    this.slotTypes = slotTypes;
    this.kernels = new KernelAllocations(this.createAllocMap(), this.key, this.log);
  }

  /**
   * Asks nvidia-smi for the GPUs. A host without nvidia-smi, where it fails (no driver) or where it
   * lists no GPU gets an accelerator with no devices, and the reason is logged here, once.
   */
  static async discover(options: CudaDiscoveryOptions): Promise<CudaAccelerator> {
    const { config, log } = options;
    const run = options.run ?? runCommand;
    let inventory = EMPTY_INVENTORY;
    try {
      inventory = await queryInventory(run, config.nvidiaSmiPath);
      if (inventory.gpus.length === 0)
        log.info('no NVIDIA GPUs found: nvidia-smi lists none; cuda offers no devices');
    } catch (error) {
      if (error instanceof CommandNotFoundError) {
        log.info(`no NVIDIA GPUs found: ${error.message}; cuda offers no devices`, {
          nvidiaSmi: config.nvidiaSmiPath,
        });
      } else {
        log.warn(`no NVIDIA GPUs found: ${(error as Error).message}; cuda offers no devices`);
      }
    }
    const devices = await cudaDevices(inventory, {
      fractional: config.allocationMode === 'fractional',
      sharesPerDevice: config.sharesPerDevice,
      deviceMask: config.deviceMask,
      sysfsRoot: config.sysfsRoot,
    });
    if (inventory.gpus.length > 0) {
      log.info('NVIDIA GPUs found', {
        gpus: inventory.gpus.map((g) => `${g.index}: ${g.name} ${g.uuid}`),
        handedOut: devices.map((d) => `${d.slotName} ${d.deviceId}`),
        driver: inventory.driverVersion,
        cuda: inventory.cudaVersion,
      });
    }
    return new CudaAccelerator(config, options.packageVersion, log, run, inventory, devices, options.mps);
  }

  private get primarySlot(): string {
    return this.config.allocationMode === 'fractional' ? SHARES_SLOT : DEVICE_SLOT;
  }

  /** True when shares are handed out on some GPU: the plugin must run the MPS daemon. */
  get needsMps(): boolean {
    return this.devices.some((d) => d.slotName === SHARES_SLOT);
  }

  /** A fresh map of the devices (masked ones are already left out), nothing allocated. */
  createAllocMap(): AllocMap {
    const devices = this.devices.map((d) => ({
      deviceId: d.deviceId,
      slotName: d.slotName,
      slotType: (d.isMig ? 'unique' : 'count') as SlotType,
      amount: d.capacity,
    }));
    const common = { devices, exclusiveSlotTypes: this.exclusiveSlotTypes };
    return this.config.allocationMode === 'fractional'
      ? new FractionAllocMap({ ...common, quantum: this.config.quantumSize })
      : new DiscreteAllocMap(common);
  }

  metadata(): AcceleratorMetadata[] {
    return Object.keys(this.slotTypes).map((slotName) => {
      const shares = slotName === SHARES_SLOT;
      const mig = slotName.endsWith('-mig');
      return {
        slotName,
        description: shares
          ? 'CUDA-capable GPU (fractional, NVIDIA MPS)'
          : mig
            ? 'NVIDIA MIG instance'
            : 'CUDA-capable GPU',
        humanReadableName: shares ? 'fGPU' : mig ? `GPU ${slotName.slice(slotName.indexOf(':') + 1)}` : 'GPU',
        displayUnit: shares ? 'fGPU' : mig ? 'MIG' : 'GPU',
        displayIcon: 'gpu1',
        numberFormat: { binary: false, roundLength: shares ? 2 : 0 },
      };
    });
  }

  async listDevices(): Promise<AcceleratorDevice[]> {
    return this.devices.map((d) => ({
      deviceId: d.deviceId,
      hwLocation: d.hwLocation,
      memorySize: d.memorySize,
      processingUnits: d.processingUnits,
      numaNode: d.numaNode,
      modelName: d.modelName,
    }));
  }

  async availableSlots(): Promise<Record<string, string>> {
    const totals: Record<string, Decimal> = {};
    for (const slot of Object.keys(this.slotTypes)) totals[slot] = new Decimal(0);
    for (const d of this.devices) totals[d.slotName] = totals[d.slotName]!.add(d.capacity);
    return Object.fromEntries(Object.entries(totals).map(([slot, total]) => [slot, total.toFixed()]));
  }

  version(): string {
    return this.packageVersion;
  }

  extraInfo(): Record<string, unknown> {
    return {
      cuda_support: this.devices.length > 0,
      nvidia_version: this.inventory.driverVersion,
      cuda_version: this.inventory.cudaVersion,
      allocationMode: this.config.allocationMode,
    };
  }

  async allocate(kernelId: string, slots: Record<string, string>): Promise<DeviceAllocation | null> {
    return this.kernels.allocate(kernelId, slots);
  }

  async release(kernelId: string): Promise<void> {
    this.kernels.release(kernelId);
  }

  /** Takes back a running kernel's allocation after a restart; refuses (changing nothing) what the map cannot hold. */
  async restore(kernelId: string, allocation: DeviceAllocation): Promise<void> {
    this.kernels.restore(kernelId, allocation);
  }

  async kernelArgs(allocation: DeviceAllocation): Promise<AcceleratorKernelArgs> {
    return cudaKernelArgs(
      { devices: this.devices, sharesPerDevice: this.config.sharesPerDevice, mps: this.mps },
      allocation,
    );
  }

  /**
   * `cuda_mem` (bytes used of each GPU's memory) and `cuda_util` (percent busy) of every GPU that
   * hands out devices, from `nvidia-smi --query-gpu=uuid,utilization.gpu,memory.used,memory.total`,
   * by GPU UUID (MIG instances are measured through their GPU, which reports no utilization in MIG
   * mode); none without devices.
   */
  async gatherNodeMeasures(): Promise<AcceleratorNodeMeasure[]> {
    if (this.devices.length === 0) return [];
    const args = measureQueryArgs();
    const result = await this.run(this.config.nvidiaSmiPath, args);
    if (result.exitCode !== 0) {
      throw new Error(`nvidia-smi ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr.trim()}`);
    }
    const ours = new Set(this.devices.map((d) => d.parentUuid));
    const mem: AcceleratorNodeMeasure['perDevice'] = {};
    const util: AcceleratorNodeMeasure['perDevice'] = {};
    for (const gpu of parseMeasureQuery(result.stdout)) {
      if (!ours.has(gpu.uuid)) continue;
      if (gpu.memoryUsed !== null) {
        mem[gpu.uuid] =
          gpu.memoryTotal === null
            ? { value: gpu.memoryUsed }
            : { value: gpu.memoryUsed, capacity: gpu.memoryTotal };
      }
      if (gpu.utilization !== null) util[gpu.uuid] = { value: gpu.utilization, capacity: 100 };
    }
    return gpuNodeMeasures('cuda', mem, util);
  }
}
