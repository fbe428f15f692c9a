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
}

/** What a kernel gets from one accelerator: env vars, resource.txt entries, device info. */
export interface AcceleratorKernelArgs {
  environ: Record<string, string>;
  resourceData: Record<string, string>;
  attachedDevices: Array<{ deviceId: string; modelName: string; data: Record<string, unknown> }>;
  /** Container options for container backends; absent when the environment is all it takes. */
  container?: AcceleratorContainerOptions;
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
}

export const AcceleratorRegistry = contractToken<NamedRegistry<Accelerator>>('accelerator');
