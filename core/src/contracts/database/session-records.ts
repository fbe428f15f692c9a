import type {
  ClusterMode,
  KernelStatus,
  SessionResult,
  SessionStatus,
  SessionType,
} from '../../domain/statuses';
import type {
  DeviceAllocation,
  KernelMount,
  KernelResourceOpts,
  ServicePort,
} from '../../domain/kernel-spec';
import type { SlotsJSON } from './slots-json';

export interface KernelRecord {
  id: string;
  sessionId: string;
  clusterRole: string;
  clusterIdx: number;
  clusterHostname: string;
  localRank: number;
  image: string;
  architecture: string;
  status: KernelStatus;
  statusInfo: string | null;
  statusChanged: Date;
  agentId: string | null;
  agentAddress: string | null;
  containerId: string | null;
  requestedSlots: SlotsJSON;
  occupiedSlots: SlotsJSON;
  deviceAllocation: DeviceAllocation;
  servicePorts: ServicePort[];
  exitCode: number | null;
  /**
   * Where the kernel's service ports are published (the agent's `kernelHost` when it started);
   * null before it started. Absent from records that predate it.
   */
  kernelHost?: string | null;
  /**
   * Options beside the slots the session asked for (`resource_opts`: `shmem` in bytes as a decimal
   * string), as the agent gets them in `KernelCreationSpec.resourceOpts`. The database's records
   * always carry it (`{}` when none was asked for).
   */
  resourceOpts?: KernelResourceOpts;
}

export interface SessionRecord {
  id: string;
  name: string;
  type: SessionType;
  status: SessionStatus;
  statusInfo: string | null;
  statusData: Record<string, unknown>;
  statusHistory: Record<string, string>;
  result: SessionResult;
  image: string;
  architecture: string;
  resourceGroup: string;
  domainName: string;
  groupName: string;
  accessKey: string;
  userId: string;
  clusterMode: ClusterMode;
  clusterSize: number;
  priority: number;
  /** A batch session does not start before this time (null or absent: as soon as it fits). */
  startsAt?: Date | null;
  /** Ids of sessions that must end TERMINATED with result SUCCESS before this one may start. */
  dependencies?: string[];
  /**
   * Agents an administrator assigned (`--assign-agent`, `config.agentList`): kernel i goes to
   * entry i (a single-node session to the first). Absent or empty: the scheduler chooses.
   */
  designatedAgents?: string[];
  tag: string | null;
  environ: Record<string, string>;
  startupCommand: string | null;
  /** The session's bootstrap script (`bootstrap_script`), run in each kernel before it is ready; absent when none. */
  bootstrapScript?: string;
  /** Where the session's lifecycle events are POSTed (`callback_url`); absent when none. */
  callbackUrl?: string;
  /** The vfolders every kernel binds (Backend.AI's `vfolder_mounts`); absent when none. */
  vfolderMounts?: KernelMount[];
  requestedSlots: SlotsJSON;
  occupyingSlots: SlotsJSON;
  createdAt: Date;
  terminatedAt: Date | null;
  kernels: KernelRecord[];
}

export type NewSession = Omit<
  SessionRecord,
  | 'status'
  | 'statusInfo'
  | 'statusData'
  | 'statusHistory'
  | 'result'
  | 'occupyingSlots'
  | 'createdAt'
  | 'terminatedAt'
  | 'kernels'
> & {
  kernels: Array<
    Pick<
      KernelRecord,
      | 'id'
      | 'clusterRole'
      | 'clusterIdx'
      | 'clusterHostname'
      | 'localRank'
      | 'image'
      | 'architecture'
      | 'requestedSlots'
      | 'resourceOpts'
    >
  >;
};
