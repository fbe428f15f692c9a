import type { AgentStatus, KernelStatus, SessionStatus } from '../domain/statuses';
import type { KernelStartedInfo } from '../domain/kernel-spec';

/**
 * The typed event catalogue (Backend.AI's event types: agent, kernel, image, session, execution,
 * background task, scheduling triggers, volume and vfolder). Names follow Backend.AI's snake_case event names. Each entry says
 * whether it is delivered as anycast (exactly one consumer per consumer group handles it, e.g.
 * one manager) or broadcast (every subscriber sees it, e.g. SSE streams to clients).
 */
export interface AgentInfo {
  agentId: string;
  /** `inproc://<id>` when bound in the same process, else the agent's RPC URL. */
  address: string;
  region: string;
  resourceGroup: string;
  architecture: string;
  version: string;
  availableSlots: Record<string, string>;
  /** slot name -> slot type (`count`, `bytes`, `unique`). */
  slotTypes: Record<string, 'count' | 'bytes' | 'unique'>;
  /** Images the agent's backend can run, by canonical name. */
  images: Array<{ name: string; architecture: string; labels: Record<string, string> }>;
  computePlugins: Record<string, Record<string, unknown>>;
  /** Kernels the agent runs or is creating right now (absent from agents that predate it). */
  kernels?: string[];
  /** Each accelerator's devices (device id, model, memory, NUMA node), by accelerator key. */
  devices?: Record<string, Array<Record<string, unknown>>>;
}

/**
 * One measure in Backend.AI's `last_stat` form: decimal strings, `capacity` and `pct` null when
 * unknown, and the unit the UI shows (`msec`, `bytes`, `percent`).
 */
export interface StatValue {
  current: string;
  capacity: string | null;
  pct: string | null;
  unit_hint: string;
  'stats.max'?: string;
  'stats.rate'?: string;
}

export interface EventPayloads {
  agent_heartbeat: AgentInfo;
  /**
   * An agent (re)started. `startedAt` (ISO time) and `kernels` (every kernel it holds, found again
   * after a restart) let the manager end the kernels it believed were there and are not:
   * Backend.AI agents announce the same on start. Both absent from agents that predate them.
   */
  agent_started: { agentId: string; startedAt?: string; kernels?: string[] };
  agent_terminated: { agentId: string; reason: string; status: AgentStatus };
  /**
   * An agent's measures on its stat interval: the node's and each running kernel's, keyed by
   * measure name (`cpu_used`, `cpu_util`, `mem`, `net_rx`, `net_tx`, `io_read`, `io_write`).
   */
  agent_stats: {
    agentId: string;
    collectedAt: string;
    node: Record<string, StatValue>;
    /**
     * The node's measures per device, by measure then device id (Backend.AI's live stat `devices`:
     * `cpu_util` per core, `mem` of the `root` device); absent from agents that predate it.
     */
    devices?: Record<string, Record<string, StatValue>>;
    kernels: Record<string, Record<string, StatValue>>;
  };
  kernel_preparing: { kernelId: string; sessionId: string };
  kernel_pulling: { kernelId: string; sessionId: string; image: string };
  kernel_creating: { kernelId: string; sessionId: string };
  kernel_started: { sessionId: string; info: KernelStartedInfo };
  kernel_terminating: { kernelId: string; sessionId: string; reason: string };
  kernel_terminated: { kernelId: string; sessionId: string; reason: string; exitCode: number | null };
  kernel_cancelled: { kernelId: string; sessionId: string; reason: string };
  session_enqueued: { sessionId: string; resourceGroup: string };
  session_scheduled: { sessionId: string; resourceGroup: string };
  session_started: { sessionId: string };
  session_terminating: { sessionId: string; reason: string };
  session_terminated: { sessionId: string; reason: string };
  session_cancelled: { sessionId: string; reason: string };
  session_status_changed: { sessionId: string; status: SessionStatus; statusInfo: string | null };
  kernel_status_changed: { kernelId: string; sessionId: string; status: KernelStatus };
  do_schedule: { resourceGroup: string | null };
  agent_error: { agentId: string; message: string; traceback?: string };
  agent_images_remove: { agentId: string; images: string[] };
  image_pull_started: { agentId: string; image: string };
  image_pull_finished: { agentId: string; image: string; message?: string };
  image_pull_failed: { agentId: string; image: string; message: string };
  session_checking_precondition: { sessionId: string };
  session_preparing: { sessionId: string };
  session_success: { sessionId: string; exitCode: number };
  session_failure: { sessionId: string; exitCode: number | null; reason: string };
  execution_started: { sessionId: string; kernelId: string; runId: string };
  execution_finished: { sessionId: string; kernelId: string; runId: string; exitCode: number | null };
  execution_timeout: { sessionId: string; kernelId: string; runId: string };
  execution_cancelled: { sessionId: string; kernelId: string; runId: string };
  bgtask_updated: { taskId: string; currentProgress: number; totalProgress: number; message: string | null };
  bgtask_done: { taskId: string; message: string | null };
  bgtask_partial_success: { taskId: string; message: string | null; errors: string[] };
  bgtask_cancelled: { taskId: string; message: string | null };
  bgtask_failed: { taskId: string; message: string };
  do_terminate_session: { sessionId: string; reason: string };
  do_idle_check: Record<string, never>;
  volume_mounted: { nodeId: string; mountPath: string; reason: string };
  volume_unmounted: { nodeId: string; mountPath: string; reason: string };
  vfolder_deletion_success: { vfolderId: string };
  vfolder_deletion_failure: { vfolderId: string; message: string };
  vfolder_clone_success: { sourceVfolderId: string; targetVfolderId: string };
  vfolder_clone_failure: { sourceVfolderId: string; targetVfolderId: string; message: string };
}

export type EventName = keyof EventPayloads;

export type Delivery = 'anycast' | 'broadcast';

/** How each event is delivered. */
export const EVENT_DELIVERY: Record<EventName, Delivery> = {
  agent_heartbeat: 'anycast',
  agent_started: 'anycast',
  agent_terminated: 'anycast',
  agent_stats: 'anycast',
  kernel_preparing: 'anycast',
  kernel_pulling: 'anycast',
  kernel_creating: 'anycast',
  kernel_started: 'anycast',
  kernel_terminating: 'anycast',
  kernel_terminated: 'anycast',
  kernel_cancelled: 'anycast',
  session_enqueued: 'anycast',
  session_scheduled: 'broadcast',
  session_started: 'broadcast',
  session_terminating: 'broadcast',
  session_terminated: 'broadcast',
  session_cancelled: 'broadcast',
  session_status_changed: 'broadcast',
  kernel_status_changed: 'broadcast',
  do_schedule: 'anycast',
  agent_error: 'anycast',
  agent_images_remove: 'anycast',
  image_pull_started: 'anycast',
  image_pull_finished: 'anycast',
  image_pull_failed: 'anycast',
  session_checking_precondition: 'broadcast',
  session_preparing: 'broadcast',
  session_success: 'broadcast',
  session_failure: 'broadcast',
  execution_started: 'broadcast',
  execution_finished: 'broadcast',
  execution_timeout: 'broadcast',
  execution_cancelled: 'broadcast',
  bgtask_updated: 'broadcast',
  bgtask_done: 'broadcast',
  bgtask_partial_success: 'broadcast',
  bgtask_cancelled: 'broadcast',
  bgtask_failed: 'broadcast',
  do_terminate_session: 'anycast',
  do_idle_check: 'anycast',
  volume_mounted: 'broadcast',
  volume_unmounted: 'broadcast',
  vfolder_deletion_success: 'anycast',
  vfolder_deletion_failure: 'anycast',
  vfolder_clone_success: 'anycast',
  vfolder_clone_failure: 'anycast',
};

export interface EventEnvelope<N extends EventName = EventName> {
  name: N;
  /** The node that published it (agent id, manager id). */
  source: string;
  payload: EventPayloads[N];
  metadata?: { requestId?: string; user?: string };
}
