import type { AgentStatus, KernelStatus } from '../../domain/statuses';
import type { AgentInfo } from '../../events/catalogue';
import type { Page, PageQuery } from './identity';
import type { ListedKernel } from './session-listing';
import type { SlotsJSON } from './slots-json';

export interface AgentRecord {
  id: string;
  status: AgentStatus;
  address: string;
  region: string;
  resourceGroup: string;
  architecture: string;
  version: string;
  schedulable: boolean;
  availableSlots: SlotsJSON;
  occupiedSlots: SlotsJSON;
  computePlugins: Record<string, Record<string, unknown>>;
  firstContact: Date;
  /** When the last heartbeat was received. */
  lastContact: Date;
  /**
   * The kernels the agent listed in its last heartbeat (`AgentInfo.kernels`); absent when that
   * heartbeat carried no list (an agent that predates it).
   */
  reportedKernels?: string[];
}

/** An agent as the admin listings show it: the record plus when its status last changed. */
export interface ListedAgent extends AgentRecord {
  statusChanged: Date;
  /** When it was last marked LOST; null once it heartbeats again, and for agents never lost. */
  lostAt: Date | null;
  /**
   * The node's measures from its last `agent_stats` (Backend.AI's live stat form: `{ node,
   * devices }`, each measure a `StatValue`); null before the first report.
   */
  lastStat: Record<string, unknown> | null;
  /** When a manager recorded `lastStat` (its clock); null before the first report. */
  lastStatAt: Date | null;
}

/** The keys `list` orders by; ties are broken by id. */
export type AgentOrderKey =
  | 'id'
  | 'status'
  | 'statusChanged'
  | 'region'
  | 'resourceGroup'
  | 'schedulable'
  | 'address'
  | 'firstContact'
  | 'lostAt'
  | 'version';

/**
 * A page of agents. Without `orderBy`: by status, resource group, then id (Backend.AI's
 * `agent_list` order), each ascending unless `ascending` is false.
 */
export interface AgentListQuery extends PageQuery<AgentOrderKey> {
  /** Only this agent (the `agent(agent_id)` query). */
  id?: string;
  status?: AgentStatus;
  resourceGroup?: string;
}

export interface AgentRepository {
  /**
   * Insert or update from a heartbeat; sets ALIVE, lastContact and reportedKernels. Occupied slots
   * are kept.
   */
  upsertFromHeartbeat(info: AgentInfo, at: Date): Promise<void>;
  get(id: string): Promise<AgentRecord | null>;
  listSchedulable(resourceGroup: string): Promise<AgentRecord[]>;
  /** Every agent in one of these statuses, by id. */
  listByStatus(statuses: readonly AgentStatus[]): Promise<AgentRecord[]>;
  /** One page of every agent matching the query, and how many match in all. */
  list(query: AgentListQuery): Promise<Page<ListedAgent>>;
  markStatus(id: string, status: AgentStatus): Promise<void>;
  /**
   * Keeps the agent's latest node measures (`ListedAgent.lastStat`) and when they were recorded,
   * in one statement; answers false when there is no such agent (nothing is written).
   */
  recordLastStat(id: string, stat: Readonly<Record<string, unknown>>, at: Date): Promise<boolean>;
  /**
   * Sets whether the scheduler may place kernels on the agent (`modify_agent`); answers false when
   * there is no such agent.
   */
  setSchedulable(id: string, schedulable: boolean): Promise<boolean>;
  /**
   * The kernels placed on any of these agents, optionally only those in one of `statuses`, in one
   * read (what `Agent.compute_containers` answers for a whole page of agents); ordered by agent,
   * creation time, then id.
   */
  kernelsOf(agentIds: readonly string[], statuses?: readonly KernelStatus[]): Promise<ListedKernel[]>;
  /**
   * Marks the agent LOST if it is still ALIVE (or RESTARTING: stopped with its kernels left running)
   * and its last contact is before `silentSince`, in one step (a heartbeat that lands meanwhile
   * wins). Answers whether it marked it.
   */
  markLost(id: string, silentSince: Date): Promise<boolean>;
}
