import { join } from 'node:path';
import {
  CommandNotFoundError,
  DiscreteAllocMap,
  gpuNodeMeasures,
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
import { INVENTORY_ARGS, MEASURE_ARGS, type RocmCard, parseDriverVersion, runRocmSmi } from './rocm-smi';
import { exists, pciNumaNode, renderNodes } from './sysfs';

export const DEVICE_SLOT = 'rocm.device';

/** A GPU as the plugin hands it out. */
export interface RocmDevice {
  /** The PCI bus id (`0000:c1:00.0`): stable across reboots, as rocm-smi and sysfs name it. */
  deviceId: string;
  modelName: string;
  memorySize: number;
  numaNode: number | null;
  /** `GPU-<hex>` from rocm-smi's Unique ID, as ROCR_VISIBLE_DEVICES takes it; null without one. */
  uuid: string | null;
  /** Its render nodes under the host's /dev/dri (`/dev/dri/renderD128`). */
  renderNodes: string[];
}

export interface RocmDiscoveryOptions {
  config: Config;
  packageVersion: string;
  log: Logger;
  /** Runs rocm-smi; the real one unless a test injects recorded outputs. */
  run?: CommandRunner;
}

/**
 * accelerator/v1 over the host's AMD GPUs (Backend.AI's rocm plugin): found once, at start, with
 * rocm-smi, given to containers as device nodes (`/dev/kfd` and their render nodes) with the
 * `video` and `render` groups.
 */
export class RocmAccelerator implements Accelerator {
  readonly name = 'rocm';
  readonly key = 'rocm';
  readonly slotTypes: Record<string, SlotType> = { [DEVICE_SLOT]: 'count' };
  readonly exclusiveSlotTypes = [DEVICE_SLOT];
  /** What each kernel holds, on this accelerator's own map (when the agent does not use the map itself). */
  private readonly kernels: KernelAllocations;

  private constructor(
    private readonly config: Config,
    private readonly packageVersion: string,
    private readonly log: Logger,
    private readonly run: CommandRunner,
    readonly devices: readonly RocmDevice[],
    private readonly driverVersion: string | null,
  ) {
    this.kernels = new KernelAllocations(this.createAllocMap(), this.key, this.log);
  }

  /**
   * Finds the GPUs: none without `/dev/kfd` (no amdgpu kernel driver), without rocm-smi, or when
   * rocm-smi fails or lists none; the reason is logged here, once.
   */
  static async discover(options: RocmDiscoveryOptions): Promise<RocmAccelerator> {
    const { config, log } = options;
    const run = options.run ?? runCommand;
    const none = (reason: string, warn = false) => {
      log[warn ? 'warn' : 'info'](`no AMD GPUs found: ${reason}; rocm offers no devices`);
      return new RocmAccelerator(config, options.packageVersion, log, run, [], null);
    };
    const kfd = join(config.devRoot, 'kfd');
    if (!(await exists(kfd))) return none(`${kfd} does not exist (the amdgpu driver is not loaded)`);
    let cards: RocmCard[];
    try {
      cards = await runRocmSmi(run, config.rocmSmiPath, INVENTORY_ARGS);
    } catch (error) {
      return none((error as Error).message, !(error instanceof CommandNotFoundError));
    }
    if (cards.length === 0) return none('rocm-smi lists none');
    const masked = new Set(config.deviceMask.map((id) => id.toLowerCase()));
    const devices: RocmDevice[] = [];
    for (const card of cards) {
      if (masked.has(card.pciBus)) continue;
      const nodes = await renderNodes(config.sysfsRoot, card.pciBus);
      // Without sysfs, upstream's numbering: the n-th GPU's render node is renderD(128+n).
      const names = nodes.length > 0 ? nodes : [`renderD${128 + card.index}`];
      devices.push({
        deviceId: card.pciBus,
        modelName: card.name,
        memorySize: card.vramTotal,
        numaNode: await pciNumaNode(config.sysfsRoot, card.pciBus),
        uuid: card.uniqueId ? `GPU-${card.uniqueId.replace(/^0x/i, '')}` : null,
        renderNodes: names.map((name) => join(config.devRoot, 'dri', name)),
      });
    }
    const version = await run(config.rocmSmiPath, ['--showdriverversion', '--json']).catch(() => undefined);
    const driverVersion = version?.exitCode === 0 ? parseDriverVersion(version.stdout) : null;
    log.info('AMD GPUs found', {
      gpus: cards.map((c) => `card${c.index}: ${c.name} ${c.pciBus}`),
      handedOut: devices.map((d) => d.deviceId),
      driver: driverVersion,
    });
    return new RocmAccelerator(config, options.packageVersion, log, run, devices, driverVersion);
  }

  createAllocMap(): AllocMap {
    return new DiscreteAllocMap({
      devices: this.devices.map((d) => ({ deviceId: d.deviceId, slotName: DEVICE_SLOT, amount: 1 })),
      exclusiveSlotTypes: this.exclusiveSlotTypes,
    });
  }

  metadata(): AcceleratorMetadata[] {
    return [
      {
        slotName: DEVICE_SLOT,
        description: 'ROCm-capable AMD GPU',
        humanReadableName: 'GPU',
        displayUnit: 'GPU',
        displayIcon: 'rocm',
        numberFormat: { binary: false, roundLength: 0 },
      },
    ];
  }

  async listDevices(): Promise<AcceleratorDevice[]> {
    return this.devices.map((d) => ({
      deviceId: d.deviceId,
      hwLocation: d.deviceId,
      memorySize: d.memorySize,
      processingUnits: 0,
      numaNode: d.numaNode,
      modelName: d.modelName,
    }));
  }

  async availableSlots(): Promise<Record<string, string>> {
    return { [DEVICE_SLOT]: String(this.devices.length) };
  }

  version(): string {
    return this.packageVersion;
  }

  extraInfo(): Record<string, unknown> {
    return { rocm_support: this.devices.length > 0, driver_version: this.driverVersion };
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

  /**
   * Containers get `/dev/kfd` and the allocated GPUs' render nodes (cgroup `rwm`), the `video` and
   * `render` groups and `seccomp=unconfined` (upstream's docker args); every backend gets
   * `ROCR_VISIBLE_DEVICES` with the GPUs' UUIDs when rocm-smi reported them.
   */
  async kernelArgs(allocation: DeviceAllocation): Promise<AcceleratorKernelArgs> {
    const byId = new Map(this.devices.map((d) => [d.deviceId, d]));
    const attached = Object.entries(allocation[DEVICE_SLOT] ?? {})
      .filter(([, amount]) => Number(amount) > 0)
      .map(([deviceId]) => byId.get(deviceId))
      .filter((d): d is RocmDevice => d !== undefined);
    if (attached.length === 0) return { environ: {}, resourceData: {}, attachedDevices: [] };
    const node = (path: string) => ({ pathOnHost: path, pathInContainer: path, cgroupPermissions: 'rwm' });
    const environ: Record<string, string> = {};
    if (attached.every((d) => d.uuid)) environ.ROCR_VISIBLE_DEVICES = attached.map((d) => d.uuid).join(',');
    return {
      environ,
      resourceData: {
        ROCM_GLOBAL_DEVICE_IDS: attached.map((d, index) => `${index}:${d.deviceId}`).join(','),
      },
      attachedDevices: attached.map((d) => ({
        deviceId: d.deviceId,
        modelName: d.modelName,
        data: { smp: 0, mem: d.memorySize },
      })),
      container: {
        devices: [
          node(join(this.config.devRoot, 'kfd')),
          ...attached.flatMap((d) => d.renderNodes.map(node)),
        ],
        groupAdd: ['video', 'render'],
        securityOpt: ['seccomp=unconfined'],
      },
    };
  }

  /** `rocm_mem` (bytes of VRAM used) and `rocm_util` (percent busy) per GPU, from `rocm-smi --showuse --showmeminfo vram --json`. */
  async gatherNodeMeasures(): Promise<AcceleratorNodeMeasure[]> {
    if (this.devices.length === 0) return [];
    const ours = new Set(this.devices.map((d) => d.deviceId));
    const mem: AcceleratorNodeMeasure['perDevice'] = {};
    const util: AcceleratorNodeMeasure['perDevice'] = {};
    for (const card of await runRocmSmi(this.run, this.config.rocmSmiPath, MEASURE_ARGS)) {
      if (!ours.has(card.pciBus)) continue;
      if (card.vramUsed !== null) {
        mem[card.pciBus] =
          card.vramTotal > 0 ? { value: card.vramUsed, capacity: card.vramTotal } : { value: card.vramUsed };
      }
      if (card.utilization !== null) util[card.pciBus] = { value: card.utilization, capacity: 100 };
    }
    return gpuNodeMeasures('rocm', mem, util);
  }
}
