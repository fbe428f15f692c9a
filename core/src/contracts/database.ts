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

export interface SessionRepository {
  /** Inserts the session and its kernels as PENDING, in one transaction. */
  create(session: NewSession): Promise<SessionRecord>;
  get(id: string): Promise<SessionRecord | null>;
  /** The owner's non-terminated session with this name, if any. */
  findActiveByName(accessKey: string, name: string): Promise<SessionRecord | null>;
  listPending(resourceGroup: string): Promise<SessionRecord[]>;
  listByStatus(statuses: SessionStatus[]): Promise<SessionRecord[]>;
  /**
   * Atomically: re-check every agent's free capacity under a row lock, add the slots to the
   * agents' occupied slots, set kernels' agent and slots, and move the session and its kernels to
   * SCHEDULED. Nothing is written when any check fails.
   */
  commitAllocation(sessionId: string, placements: KernelPlacement[], at: Date): Promise<AllocationOutcome>;
  setSessionStatus(
    sessionId: string,
    status: SessionStatus,
    info: {
      statusInfo?: string | null;
      statusData?: Record<string, unknown>;
      result?: SessionResult;
      at: Date;
    },
  ): Promise<void>;
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
    },
  ): Promise<void>;
  /** Returns the kernel's occupied slots to its agent (once: a second call is a no-op). */
  releaseKernelSlots(kernelId: string): Promise<void>;
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
  readonly schema: DatabaseSchema;
  readonly fixtures: DatabaseFixtures;
}
export const Database = contractToken<Database>('database');
