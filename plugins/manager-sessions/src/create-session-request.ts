import type { ClusterMode, KernelResourceOpts, SessionRecord, SessionType } from '@tessera/core';

/** A validated session-creation request (POST /session), aliases already resolved. */
export interface CreateSessionRequest {
  image: string;
  /** clientSessionToken; null lets the manager generate one. */
  name: string | null;
  type: SessionType;
  enqueueOnly: boolean;
  /** 0 means the manager's default start timeout. */
  maxWaitSeconds: number;
  reuseIfExists: boolean;
  group: string;
  domain: string | null;
  resourceGroup: string | null;
  resources: Record<string, string | number> | null;
  environ: Record<string, string>;
  tag: string | null;
  startupCommand: string | null;
  /** Kernels: one `main1`, then `sub1..` (Backend.AI's cluster_size). */
  clusterSize: number;
  clusterMode: ClusterMode;
  /** Higher runs first; null takes the default (10, Backend.AI's). */
  priority: number | null;
  /** A batch session does not start before this time. */
  startsAt: Date | null;
  /** Ids or names of the owner's sessions that must end successfully first. */
  dependencies: string[];
  /** vfolders to mount, by name or id (`config.mounts`). */
  mounts: string[];
  /** vfolder -> path in the kernel (`config.mount_map`): relative under /home/work, or absolute. */
  mountMap: Record<string, string>;
  /** Agents an administrator assigns, kernel by kernel (`config.agentList`). */
  agentList: string[] | null;
  /** `resource_opts` (`shmem` in bytes), the same for every kernel; `{}` when none. */
  resourceOpts: KernelResourceOpts;
  /** `bootstrap_script`: shell run in each kernel before it is ready; null when none. */
  bootstrapScript: string | null;
  /** `callback_url`: where the session's lifecycle events are POSTed; null when none. */
  callbackUrl: string | null;
}

export interface CreateSessionOutcome {
  /** True when a new session was created, false when an existing one was reused. */
  created: boolean;
  session: SessionRecord;
}
