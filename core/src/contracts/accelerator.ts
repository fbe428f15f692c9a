import type { AllocMap } from '../allocation/alloc-map';
import type { DeviceAllocation } from '../domain/kernel-spec';
import type { NamedRegistry } from './named-registry';
import type { SlotType } from '../slots/resource-slot';
import { contractToken } from './token';

export interface AcceleratorDevice {
  deviceId: string;
  hwLocation: string;
  memorySize: number;
  processingUnits: number;
  numaNode: number | null;
  modelName: string;
}

export interface AcceleratorMetadata {
  slotName: string;
  description: string;
  humanReadableName: string;
  displayUnit: string;
  displayIcon: string;
  numberFormat: { binary: boolean; roundLength: number };
}

/** A Docker device request (`HostConfig.DeviceRequests`), as NVIDIA's container runtime takes GPUs. */
export interface AcceleratorDeviceRequest {
  driver: string;
  deviceIds: string[];
  capabilities: string[][];
}

/** A device node given to the container (`HostConfig.Devices`), e.g. `/dev/kfd`. */
export interface AcceleratorDeviceNode {
  pathOnHost: string;
  pathInContainer: string;
  /** cgroup permissions: `r`, `w` and/or `m`. */
  cgroupPermissions: string;
}

/** A host path bound into the container (a driver library, a vendor tool). */
export interface AcceleratorMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/**
 * What a container needs beyond its environment to use the devices it got (Backend.AI's
 * `generate_docker_args` and `generate_mounts`). Container backends merge every accelerator's
 * options into the container they create; backends without containers (processes) use the
 * environment alone and ignore these.
 */
export interface AcceleratorContainerOptions {
  deviceRequests?: AcceleratorDeviceRequest[];
  devices?: AcceleratorDeviceNode[];
  mounts?: AcceleratorMount[];
  /** An OCI runtime to run the container with (`nvidia` for legacy NVIDIA set-ups). */
  runtime?: string;
  /** Supplementary groups of the container's processes (`video`, `render`). */
  groupAdd?: string[];
  securityOpt?: string[];
  /**
   * `host` shares the host's IPC namespace with the container (`--ipc=host`), as NVIDIA MPS clients
   * need to reach the MPS control daemon. The container then uses the host's /dev/shm, so the
   * kernel's `shmem` option no longer applies. Weakens isolation: ask only when devices need it.
   */
  ipcMode?: 'host';
}

/** What a kernel gets from one accelerator: env vars, resource.txt entries, device info. */
export interface AcceleratorKernelArgs {
  environ: Record<string, string>;
  resourceData: Record<string, string>;
  attachedDevices: Array<{ deviceId: string; modelName: string; data: Record<string, unknown> }>;
  /** Container options for container backends; absent when the environment is all it takes. */
  container?: AcceleratorContainerOptions;
}

/** A measured value and, where it has one, its capacity (Backend.AI's `Measurement`). */
export interface AcceleratorMeasurement {
  value: number;
  capacity?: number;
}

/**
 * One live measure of the node's devices (Backend.AI's `NodeMeasurement`), e.g. `cuda_mem` (bytes
 * used of the devices' memory) or `cuda_util` (percent busy, capacity 100 per device).
 */
export interface AcceleratorNodeMeasure {
  /** `<key>_<what>`: no dots, unique across the agent's accelerators (`cuda_mem`, `cuda_util`). */
  key: string;
  /** `gauge`: a level now; `accumulation`: a counter since start; `utilization`: a busy ratio. */
  type: 'gauge' | 'accumulation' | 'utilization';
  /** `bytes`, `percent`, `Watts`, `Celsius`, ... */
  unitHint: string;
  /** Which statistics of the series are worth keeping (`max`, `avg`, ...). */
  statsFilter: Array<'min' | 'max' | 'avg' | 'sum' | 'diff' | 'rate'>;
  /** The whole node (all devices together). */
  perNode: AcceleratorMeasurement;
  /** By device id. */
  perDevice: Record<string, AcceleratorMeasurement>;
}

/**
 * accelerator/v1 (Backend.AI's `backendai_accelerator_v21`): a compute plugin on an agent. The
 * agent calls `listDevices` and `availableSlots` at start and for each heartbeat, `allocate` when
 * it creates a kernel (returning null when the amounts cannot be satisfied) and `release` when it
 * destroys one. `release` must be idempotent.
 */
export interface Accelerator {
  /** The device key, e.g. `cuda`, `rocm`. */
  readonly key: string;
  readonly slotTypes: Record<string, SlotType>;
  /** Slot names that a kernel may not combine (whole devices vs shares vs MIG slices). */
  readonly exclusiveSlotTypes: string[];
  metadata(): AcceleratorMetadata[];
  listDevices(): Promise<AcceleratorDevice[]>;
  availableSlots(): Promise<Record<string, string>>;
  version(): string;
  extraInfo(): Record<string, unknown>;
  allocate(kernelId: string, slots: Record<string, string>): Promise<DeviceAllocation | null>;
  release(kernelId: string): Promise<void>;
  /**
   * Takes back an allocation a kernel got from an earlier process of this agent (the agent
   * restarted while the kernel ran), so its devices are not handed out twice. Accelerators without
   * it cannot be restored: the agent ends such kernels instead of double-booking their devices.
   */
  restore?(kernelId: string, allocation: DeviceAllocation): Promise<void>;
  kernelArgs(allocation: DeviceAllocation): Promise<AcceleratorKernelArgs>;
  /**
   * Optional (Backend.AI's `create_alloc_map`): the accelerator's devices as a fresh allocation map
   * of the core (`DiscreteAllocMap`, `FractionAllocMap`), nothing allocated, device ids as
   * `listDevices` gives them and the device mask applied. An agent that gets one calls it once at
   * start and from then on allocates, frees and restores this accelerator's slots through the map
   * (with every other map, in its allocation order and near the same NUMA nodes), never through
   * `allocate`, `release` or `restore`; it still calls `kernelArgs` with what the map handed out.
   * Accelerators without it are allocated through `allocate`.
   */
  createAllocMap?(): AllocMap | Promise<AllocMap>;
  /**
   * Optional (Backend.AI's `gather_node_measures`): live measures of the node's devices (masked
   * ones left out) for the agent's statistics. An accelerator that cannot measure leaves it out or
   * answers an empty list.
   */
  gatherNodeMeasures?(): Promise<AcceleratorNodeMeasure[]>;
}

export const AcceleratorRegistry = contractToken<NamedRegistry<Accelerator>>('accelerator');
