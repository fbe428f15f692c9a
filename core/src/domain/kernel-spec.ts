import type { ClusterMode, SessionType } from './statuses';

/** A service port as images declare it and clients see it (`name:protocol:port`). */
export interface ServicePort {
  name: string;
  protocol: 'tcp' | 'http' | 'preopen' | 'vnc' | 'rdp' | 'internal' | 'pty';
  containerPorts: number[];
  hostPorts: Array<number | null>;
  isInference: boolean;
}

/** Device allocation: slot name -> device id -> amount (decimal string). */
export type DeviceAllocation = Record<string, Record<string, string>>;

/**
 * A host folder bound into a kernel (a vfolder, or a dot-folder). `ro` mounts are read-only inside
 * the kernel; `rw` and `wd` (read-write-delete) are writable.
 */
export interface KernelMount {
  /** Absolute path on the agent's host. */
  hostPath: string;
  /** Absolute path inside the kernel (`/home/work/<name>` unless aliased). */
  kernelPath: string;
  permission: 'ro' | 'rw' | 'wd';
}

/** Per-kernel options beside the slots (Backend.AI's `resource_opts`). */
export interface KernelResourceOpts {
  /** Size of `/dev/shm` in bytes (decimal string); the backend's default when absent. */
  shmem?: string;
}

/** What the manager asks an agent to start: one kernel of a scheduled session. */
export interface KernelCreationSpec {
  kernelId: string;
  sessionId: string;
  sessionName: string;
  sessionType: SessionType;
  image: string;
  architecture: string;
  /** Slots reserved for this kernel by the scheduler (JSON form of a ResourceSlot). */
  resourceSlots: Record<string, string>;
  environ: Record<string, string>;
  cluster: {
    mode: ClusterMode;
    size: number;
    role: string;
    idx: number;
    localRank: number;
    hostname: string;
  };
  ownerAccessKey: string;
  ownerUserId: string;
  startupCommand?: string | null;
  bootstrapScript?: string | null;
  resourceOpts?: KernelResourceOpts;
  mounts?: KernelMount[];
  /**
   * False when the kernel's resource group refuses fractional allocations that would scatter
   * shares over devices (its `scheduler_opts.allow_fractional_resource_fragmentation`); absent or
   * true: allowed, as upstream's default.
   */
  allowFractionalResourceFragmentation?: boolean;
}

/** What the agent reports once a kernel's runner answers. */
export interface KernelStartedInfo {
  kernelId: string;
  containerId: string;
  servicePorts: ServicePort[];
  deviceAllocation: DeviceAllocation;
  kernelHost: string;
}
