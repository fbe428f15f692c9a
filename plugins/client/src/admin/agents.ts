import {
  AreaOperations,
  propsArgument,
  type GraphqlCaller,
  type ItemPage,
  type MutationResult,
  type OperationArgument,
  type PageOptions,
  type ReadOptions,
} from './graphql-operation';

/** One statistic of the node, as Backend.AI's stat values (decimal strings). */
export interface AgentStatValue {
  current?: string;
  capacity?: string | null;
  pct?: string | null;
  unitHint?: string;
  [key: string]: unknown;
}

/** A compute node (api-spec §8.8), camelCase; absent when not asked for. Superadmins only. */
export interface Agent {
  id?: string;
  /** ALIVE, LOST, RESTARTING or TERMINATED. */
  status?: string;
  statusChanged?: string;
  region?: string;
  /** Its resource group. */
  scalingGroup?: string;
  schedulable?: boolean;
  /** Capacity per slot (decimal strings). */
  availableSlots?: Record<string, string>;
  /** What its kernels hold per slot. */
  occupiedSlots?: Record<string, string>;
  addr?: string;
  architecture?: string;
  firstContact?: string;
  lostAt?: string | null;
  /** The node's last measures (`{node: {...}, devices: {}}`); null when there are none live. */
  liveStat?: { node?: Record<string, AgentStatValue>; devices?: Record<string, unknown> } | null;
  version?: string;
  computePlugins?: Record<string, Record<string, unknown>>;
  hardwareMetadata?: Record<string, unknown> | null;
  localConfig?: Record<string, unknown> | null;
  /** The node's CPU use, percent of all its cores (0 without live stats). */
  cpuCurPct?: number;
  /** The node's memory in use, bytes (0 without live stats). */
  memCurBytes?: number;
  /** With `fields` naming `compute_containers { ... }`: the agent's kernels. */
  computeContainers?: Array<Record<string, unknown>> | null;
}

export interface AgentFilter {
  /** ALIVE, LOST, RESTARTING or TERMINATED. */
  status?: string;
  /** Only agents of this resource group. */
  scalingGroup?: string;
}

/** What `modify_agent` changes. */
export interface AgentChanges {
  /** Whether the scheduler may place kernels on it (the server takes true when not given). */
  schedulable?: boolean;
}

export const DEFAULT_AGENT_FIELDS = [
  'id',
  'status',
  'status_changed',
  'region',
  'architecture',
  'scaling_group',
  'schedulable',
  'available_slots',
  'occupied_slots',
  'addr',
  'first_contact',
  'lost_at',
  'version',
  'cpu_cur_pct',
  'mem_cur_bytes',
] as const;

/** The JSONString fields of `Agent`, parsed into objects. */
const JSON_FIELDS = new Set([
  'available_slots',
  'occupied_slots',
  'live_stat',
  'compute_plugins',
  'hardware_metadata',
  'local_config',
]);

/** Agents through the admin GraphQL API (superadmins only). */
export class AgentAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'Agent', DEFAULT_AGENT_FIELDS, JSON_FIELDS);
  }

  /** `agent(agent_id)`: one agent, or null when there is none. */
  get(agentId: string, options: ReadOptions = {}): Promise<Agent | null> {
    return this.calls.one('agent', [{ name: 'agent_id', type: 'String!', value: agentId }], options);
  }

  /** `agents(scaling_group, status)`: the legacy list without paging. */
  list(options: ReadOptions & AgentFilter = {}): Promise<Agent[]> {
    return this.calls.many('agents', filterArguments(options), options);
  }

  /** `agent_list(limit, offset, order, status, scaling_group)`: by status, group, then id unless `order`. */
  page(options: ReadOptions & PageOptions & AgentFilter = {}): Promise<ItemPage<Agent>> {
    return this.calls.page('agent_list', filterArguments(options), options);
  }

  /** `modify_agent(id, props)`: whether the scheduler may place kernels on the agent. */
  modify(
    agentId: string,
    changes: AgentChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_agent',
      [{ name: 'id', type: 'String!', value: agentId }, propsArgument('ModifyAgentInput!', changes)],
      options.signal,
    );
  }
}

function filterArguments(filter: AgentFilter): OperationArgument[] {
  return [
    { name: 'status', type: 'String', value: filter.status },
    { name: 'scaling_group', type: 'String', value: filter.scalingGroup },
  ];
}
