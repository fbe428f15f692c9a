import type {
  AgentStatus,
  ClusterMode,
  KernelStatus,
  SessionResult,
  SessionStatus,
  SessionType,
} from '../domain/statuses';
import type { DeviceAllocation, ServicePort } from '../domain/kernel-spec';
import type { AgentInfo } from '../events/catalogue';
import { contractToken } from './token';

/** JSON form of a ResourceSlot: slot name -> decimal string. */
export type SlotsJSON = Record<string, string>;

export interface KeypairRecord {
  accessKey: string;
  secretKey: string;
  userId: string;
  userEmail: string;
  userRole: 'superadmin' | 'admin' | 'user' | 'monitor';
  domainName: string;
  isActive: boolean;
  isAdmin: boolean;
  rateLimit: number;
  resourcePolicy: string;
}

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
  lastContact: Date;
}

export interface ImageRecord {
  name: string;
  architecture: string;
  labels: Record<string, string>;
  /** Minimum slots from `ai.backend.resource.min.*` labels. */
  minSlots: SlotsJSON;
}

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
    >
  >;
};

/** One placement decided by the scheduler: which agent hosts which kernel, with which slots. */
export interface KernelPlacement {
  kernelId: string;
  agentId: string;
  slots: SlotsJSON;
}

/** Why a commit did not happen: the agent row changed under the scheduler (another manager won). */
export type AllocationOutcome =
  { ok: true } | { ok: false; reason: 'agent-capacity-changed' | 'session-not-pending'; agentId?: string };

/** A keypair resource policy: what every keypair naming it may use. Zero counts mean unlimited. */
export interface KeypairResourcePolicyRecord {
  name: string;
  defaultForUnspecified: 'LIMITED' | 'UNLIMITED';
  totalResourceSlots: SlotsJSON;
  maxConcurrentSessions: number;
  maxConcurrentSftpSessions: number;
  /** Null: no limit on pending sessions. */
  maxPendingSessionCount: number | null;
  /** Null: no limit; otherwise only the slots listed are limited. */
  maxPendingSessionResourceSlots: SlotsJSON | null;
  maxContainersPerSession: number;
  maxPriority: number;
}

/** Who owns a session, as the quota checks look it up. */
export type SessionOwner = Pick<SessionRecord, 'accessKey' | 'userId' | 'domainName' | 'groupName'>;

/**
 * The limits that apply to some owners, for the scheduler's predicates. An owner missing from a
 * map has no limit at that level (no policy row, no main keypair, no such project or domain).
 */
export interface OwnerLimits {
  /** By access key: the keypair's resource policy. */
  keypairs: Record<string, KeypairResourcePolicyRecord>;
  /** By user id: the policy of the user's main keypair (upstream's user resource limit). */
  users: Record<string, KeypairResourcePolicyRecord>;
  /** By `<domain>/<project name>`: the project's `total_resource_slots` (unlisted slots unlimited). */
  projects: Record<string, SlotsJSON>;
  /** By domain name: the domain's `total_resource_slots` (unlisted slots unlimited). */
  domains: Record<string, SlotsJSON>;
}

export interface ResourcePolicyRepository {
  /** The keypair's resource policy, or null for an unknown keypair. */
  keypairPolicy(accessKey: string): Promise<KeypairResourcePolicyRecord | null>;
  /** Every limit that applies to these owners, in a few queries. */
  limitsOf(owners: readonly SessionOwner[]): Promise<OwnerLimits>;
}

/** A resource group (Backend.AI's scaling group) as the scheduler reads it. */
export interface ResourceGroupRecord {
  name: string;
  isActive: boolean;
  /** The scheduler (session-selection policy) the group names, e.g. `fifo`. */
  scheduler: string;
  /** `scheduler_opts` as stored: `pending_timeout`, `agent_selection_strategy`, `allowed_session_types`, ... */
  schedulerOpts: Record<string, unknown>;
}

export interface ResourceGroupRepository {
  get(name: string): Promise<ResourceGroupRecord | null>;
}

/** The outcome of committing several allocations in one transaction (see `commitAllocations`). */
export type BatchAllocationOutcome =
  | { ok: true; outcomes: AllocationOutcome[] }
  | { ok: false; reason: 'agent-capacity-changed'; sessionId: string; agentId?: string };

export interface KeypairRepository {
  findByAccessKey(accessKey: string): Promise<KeypairRecord | null>;
  touchLastUsed(accessKey: string, at: Date): Promise<void>;
}

export interface AgentRepository {
  /** Insert or update from a heartbeat; sets ALIVE and lastContact. Occupied slots are kept. */
  upsertFromHeartbeat(info: AgentInfo, at: Date): Promise<void>;
  get(id: string): Promise<AgentRecord | null>;
  listSchedulable(resourceGroup: string): Promise<AgentRecord[]>;
  markStatus(id: string, status: AgentStatus): Promise<void>;
}

export interface ImageRepository {
  upsertMany(images: ImageRecord[]): Promise<void>;
  find(name: string, architecture?: string): Promise<ImageRecord | null>;
  list(): Promise<ImageRecord[]>;
}

/** What `SessionRepository.list` may order by (SessionRecord field names); ties go by id. */
export type SessionOrderKey =
  | 'id'
  | 'name'
  | 'type'
  | 'status'
  | 'statusInfo'
  | 'image'
  | 'tag'
  | 'resourceGroup'
  | 'domainName'
  | 'groupName'
  | 'accessKey'
  | 'userId'
  | 'clusterSize'
  | 'priority'
  | 'createdAt'
  | 'statusChanged'
  | 'startsAt'
  | 'terminatedAt';

/** Which sessions `SessionRepository.list` answers: every filter given must hold. */
export interface SessionListQuery {
  /** Only sessions with these ids (an empty list, or ids that are not UUIDs, match nothing). */
  ids?: readonly string[];
  /** Only the session that owns this kernel. */
  kernelId?: string;
  accessKey?: string;
  domainName?: string;
  /** A project's id: the sessions of that project (an unknown id matches nothing). */
  groupId?: string;
  /** Only sessions in one of these statuses (an empty list matches nothing). */
  statuses?: readonly SessionStatus[];
  /** Default `createdAt`. Text keys sort by the database's collation; nulls sort as the largest value. */
  orderBy?: SessionOrderKey;
  /** Default false: descending (newest first with the default key). */
  ascending?: boolean;
  /** Page size and start, non-negative integers (SQL LIMIT and OFFSET). */
  limit: number;
  offset: number;
}

/** A kernel as the admin listing shows it: the record plus its own timestamps and last stats. */
export interface ListedKernel extends KernelRecord {
  createdAt: Date;
  terminatedAt: Date | null;
  /** The last resource usage the agent reported (null before the first report). */
  lastStat: Record<string, unknown> | null;
}

/** A session as the admin listing shows it: the record plus what the listing joins in. */
export interface ListedSession extends SessionRecord {
  /** When the status last changed. */
  statusChanged: Date;
  /** The owner's e-mail; null when no user row has the session's `userId`. */
  userEmail: string | null;
  /** The id of the session's project (`groupName` in `domainName`); null when there is no such project. */
  groupId: string | null;
  kernels: ListedKernel[];
}

/** One page of `SessionRepository.list`. */
export interface SessionPage {
  /** Every session matching the filters, regardless of limit and offset. */
  totalCount: number;
  items: ListedSession[];
}

export interface SessionRepository {
  /** Inserts the session and its kernels as PENDING, in one transaction. */
  create(session: NewSession): Promise<SessionRecord>;
  get(id: string): Promise<SessionRecord | null>;
  /** The sessions with these ids that exist, in no particular order. */
  getMany(ids: readonly string[]): Promise<SessionRecord[]>;
  /** The owner's non-terminated session with this name, if any. */
  findActiveByName(accessKey: string, name: string): Promise<SessionRecord | null>;
  listPending(resourceGroup: string): Promise<SessionRecord[]>;
  /** The keypair's PENDING sessions in every resource group, oldest first (enqueue-time quota checks). */
  listPendingOf(accessKey: string): Promise<SessionRecord[]>;
  listByStatus(statuses: SessionStatus[]): Promise<SessionRecord[]>;
  /**
   * Atomically: re-check every agent's free capacity under a row lock, add the slots to the
   * agents' occupied slots, set kernels' agent and slots, and move the session and its kernels to
   * SCHEDULED. Nothing is written when any check fails.
   */
  commitAllocation(sessionId: string, placements: KernelPlacement[], at: Date): Promise<AllocationOutcome>;
  /**
   * Several `commitAllocation`s in one transaction, in order (a scheduling pass commits what it
   * decided while it goes on deciding). A session no longer PENDING is skipped (its outcome says
   * so) and the others go on. When an agent no longer has room for one of them, nothing of the
   * whole batch is written and the answer names that session.
   */
  commitAllocations(
    batch: ReadonlyArray<{ sessionId: string; placements: KernelPlacement[] }>,
    at: Date,
  ): Promise<BatchAllocationOutcome>;
  setSessionStatus(
    sessionId: string,
    status: SessionStatus,
    info: {
      statusInfo?: string | null;
      statusData?: Record<string, unknown>;
      result?: SessionResult;
      at: Date;
      /**
       * Write only while the session's status is one of these (compare-and-set across managers
       * applying events of one session at once). Answers whether it wrote.
       */
      expect?: readonly SessionStatus[];
    },
  ): Promise<boolean>;
  setKernelStatus(
    kernelId: string,
    status: KernelStatus,
    info: {
      statusInfo?: string | null;
      at: Date;
      containerId?: string;
      servicePorts?: ServicePort[];
      deviceAllocation?: DeviceAllocation;
      exitCode?: number | null;
      /** Write only while the kernel's status is one of these (compare-and-set). Answers whether it wrote. */
      expect?: readonly KernelStatus[];
    },
  ): Promise<boolean>;
  /**
   * Records a scheduling pass's verdicts on sessions it left PENDING (`status_info`,
   * `status_data`), all in one transaction. Sessions no longer PENDING are left alone; the
   * status itself and its history do not change.
   */
  recordPendingVerdicts(
    verdicts: ReadonlyArray<{ sessionId: string; statusInfo: string; statusData: Record<string, unknown> }>,
  ): Promise<void>;
  /** Returns the kernel's occupied slots to its agent (once: a second call is a no-op). */
  releaseKernelSlots(kernelId: string): Promise<void>;
  /**
   * One page of the sessions matching `query`, in its order, and how many match in all: the
   * admin GraphQL API's `compute_session_list` (and its lookups by id). Read-only; access
   * scoping is the caller's (it passes the owner filters a viewer is confined to).
   */
  list(query: SessionListQuery): Promise<SessionPage>;
}

/**
 * The schema of the database, for operator commands (`tessera schema migrate`). Drivers that
 * keep the schema in step by themselves (SQLite) report nothing pending.
 */
export interface DatabaseSchema {
  /** Names of the migrations this version ships that the database has not applied, oldest first. */
  pending(): Promise<string[]>;
  /**
   * Applies the pending migrations in order, all or none, and returns their names. Idempotent:
   * with nothing pending it does nothing and returns an empty list.
   */
  migrate(): Promise<string[]>;
}

/** Rows inserted and rows left alone (they existed already), per table. */
export type FixtureCounts = Record<string, { inserted: number; existing: number }>;

/** Loads operator fixtures (`tessera fixture populate`): domains, users, keypairs, policies, ... */
export interface DatabaseFixtures {
  /**
   * Loads a fixture document (the format the database plugin's README describes) in one
   * transaction. Idempotent: a row whose key exists is left as it is. Invalid data throws
   * `fixture-invalid` naming the JSON path, and nothing is written.
   */
  populate(data: unknown): Promise<FixtureCounts>;
}

/**
 * database/v1: the domain model's persistence. Implementations (MikroORM on PostgreSQL or
 * SQLite) open connections in `init` and fork a unit of work per call; the repositories are safe
 * to use concurrently. Errors are TesseraErrors (`database-unavailable` when the server is gone).
 */
export interface Database {
  readonly keypairs: KeypairRepository;
  readonly agents: AgentRepository;
  readonly images: ImageRepository;
  readonly sessions: SessionRepository;
  readonly resourcePolicies: ResourcePolicyRepository;
  readonly resourceGroups: ResourceGroupRepository;
  readonly schema: DatabaseSchema;
  readonly fixtures: DatabaseFixtures;
}
export const Database = contractToken<Database>('database');
