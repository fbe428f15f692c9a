import type { KernelStatus, SessionResult, SessionStatus } from '../../domain/statuses';
import type { DeviceAllocation, ServicePort } from '../../domain/kernel-spec';
import type { KernelRecord, NewSession, SessionRecord } from './session-records';
import type { ListedSession, SessionListQuery, SessionPage } from './session-listing';
import type { SlotsJSON } from './slots-json';

/** One placement decided by the scheduler: which agent hosts which kernel, with which slots. */
export interface KernelPlacement {
  kernelId: string;
  agentId: string;
  slots: SlotsJSON;
}

/** Why a commit did not happen: the agent row changed under the scheduler (another manager won). */
export type AllocationOutcome =
  { ok: true } | { ok: false; reason: 'agent-capacity-changed' | 'session-not-pending'; agentId?: string };

/** The outcome of committing several allocations in one transaction (see `commitAllocations`). */
export type BatchAllocationOutcome =
  | { ok: true; outcomes: AllocationOutcome[] }
  | { ok: false; reason: 'agent-capacity-changed'; sessionId: string; agentId?: string };

/** What `rename` did: renamed, or why not. */
export type SessionRenameOutcome = 'renamed' | 'wrong-status' | 'name-taken';

export interface SessionRepository {
  /** Inserts the session and its kernels as PENDING, in one transaction. */
  create(session: NewSession): Promise<SessionRecord>;
  get(id: string): Promise<SessionRecord | null>;
  /** The sessions with these ids that exist, in no particular order. */
  getMany(ids: readonly string[]): Promise<SessionRecord[]>;
  /** The owner's non-terminated session with this name, if any. */
  findActiveByName(accessKey: string, name: string): Promise<SessionRecord | null>;
  /**
   * Up to `limit` of the access key's sessions (any status) whose id or name starts with `prefix`,
   * newest first (Backend.AI's session matcher for command-line completion).
   */
  match(accessKey: string, prefix: string, limit: number): Promise<SessionRecord[]>;
  /**
   * Gives the session a new name if its status is one of `expect` (`wrong-status` otherwise) and no
   * other non-terminated session of its access key has that name (`name-taken`), in one transaction.
   */
  rename(sessionId: string, name: string, expect: readonly SessionStatus[]): Promise<SessionRenameOutcome>;
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
      /** Where the kernel's service ports are published (`KernelStartedInfo.kernelHost`). */
      kernelHost?: string;
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
   * The kernels placed on `agentId` whose status is one of `statuses`, in no particular order (one
   * indexed read: what an agent's restart, loss or heartbeat is reconciled against).
   */
  kernelsOn(agentId: string, statuses: readonly KernelStatus[]): Promise<KernelRecord[]>;
  /**
   * Stores an agent's measures (`agent_stats`) as each kernel's `last_stat`, in one statement.
   * Only kernels placed on `agentId` that it still holds (status PREPARING through TERMINATING,
   * `KERNEL_ON_AGENT_STATUSES`) are written: a kernel that ended keeps the last stat it had, and a
   * late or stray report (another agent's kernel, an unknown id) changes nothing. Answers how many
   * kernels were written.
   */
  recordLastStats(agentId: string, stats: Readonly<Record<string, Record<string, unknown>>>): Promise<number>;
  /**
   * One page of the sessions matching `query`, in its order, and how many match in all: the
   * admin GraphQL API's `compute_session_list` (and its lookups by id). Read-only; access
   * scoping is the caller's (it passes the owner filters a viewer is confined to).
   */
  list(query: SessionListQuery): Promise<SessionPage>;
  /**
   * The owner's non-terminated session named `idOrName` (the newest), else the owner's session
   * with that id (any status), as `list` shows it; null when the owner has neither. The user API's
   * session read (`GET /session/:id`), on its hot path: a couple of statements, no query building.
   * The record is frozen and may be the same object for several callers (an implementation may
   * answer repeated reads from memory while the database is unchanged): copy it to change it.
   */
  findOwnedListed(accessKey: string, idOrName: string): Promise<Readonly<ListedSession> | null>;
}
