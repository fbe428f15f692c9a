import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import {
  SESSION_TERMINAL_STATUSES,
  type AllocationOutcome,
  type BatchAllocationOutcome,
  type KernelPlacement,
  type KernelRecord,
  type KernelStatus,
  type ListedSession,
  type Logger,
  type NewSession,
  type SessionListQuery,
  type SessionPage,
  type SessionRecord,
  type SessionRenameOutcome,
  type SessionRepository,
  type SessionStatus,
} from '@tessera/core';
import { KernelEntity, SessionEntity, type KernelRow } from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toKernelRecord, toSessionRecord } from '../records/session-record';
import { withTransition } from '../records/status-history';
import { commitAllocation } from './commit-allocation';
import { commitAllocationsSql } from './commit-allocation-sql';
import { recordLastStatsSql } from './last-stats-sql';
import { recordPendingVerdictsSql, type PendingVerdictRow } from './pending-verdicts-sql';
import { releaseKernelSlots } from './release-kernel-slots';
import { listSessionsByStatusSql } from './sessions-by-status-sql';
import { listSessions } from './session-listing';
import { readOwnedSession } from './session-read-sql';
import { readSessionRecords } from './session-records-sql';
import { writeKernelStatus, writeSessionStatus } from './status-writes-sql';

type SessionStatusInfo = Parameters<SessionRepository['setSessionStatus']>[2];
type KernelStatusInfo = Parameters<SessionRepository['setKernelStatus']>[2];

const TERMINAL_SESSION_STATUSES = [...SESSION_TERMINAL_STATUSES];
/** What `toSessionRecord` reads besides the session row. */
const SESSION_WITH_KERNELS = ['kernels', 'dependencies'] as const;

export class OrmSessionRepository implements SessionRepository {
  constructor(
    private readonly work: UnitOfWork,
    private readonly log: Logger,
  ) {}

  create(session: NewSession): Promise<SessionRecord> {
    return this.work.transaction(async (em) => {
      const now = new Date();
      const history = withTransition({}, 'PENDING', now);
      const { kernels, dependencies = [], designatedAgents, vfolderMounts, ...fields } = session;
      const row = em.create(SessionEntity, {
        ...fields,
        startsAt: fields.startsAt ?? null,
        bootstrapScript: fields.bootstrapScript ?? null,
        callbackUrl: fields.callbackUrl ?? null,
        vfolderMounts: vfolderMounts?.length ? vfolderMounts.map((mount) => ({ ...mount })) : null,
        designatedAgents: designatedAgents?.length ? [...designatedAgents] : null,
        environ: { ...fields.environ },
        requestedSlots: { ...fields.requestedSlots },
        status: 'PENDING',
        statusInfo: null,
        statusData: {},
        statusHistory: history,
        statusChanged: now,
        result: 'UNDEFINED',
        occupyingSlots: {},
        createdAt: now,
        terminatedAt: null,
      });
      for (const id of dependencies) {
        const dependency = await em.findOne(SessionEntity, { id });
        if (!dependency) throw DatabaseErrors.sessionNotFound(id);
        row.dependencies.add(dependency);
      }
      for (const kernel of kernels) {
        const { resourceOpts, ...kernelFields } = kernel;
        const fresh: KernelRow = {
          ...kernelFields,
          requestedSlots: { ...kernel.requestedSlots },
          resourceOpts: resourceOpts && Object.keys(resourceOpts).length > 0 ? { ...resourceOpts } : null,
          kernelHost: null,
          session: row,
          status: 'PENDING',
          statusInfo: null,
          statusChanged: now,
          statusHistory: history,
          agent: null,
          agentAddress: null,
          containerId: null,
          occupiedSlots: {},
          slotsReleasedAt: null,
          deviceAllocation: {},
          servicePorts: [],
          exitCode: null,
          lastStat: null,
          createdAt: now,
          terminatedAt: null,
        };
        em.create(KernelEntity, fresh);
      }
      await em.flush();
      return toSessionRecord(row);
    });
  }

  /** By hand-written statements (`session-records-sql.ts`): read on every kernel status change. */
  async get(id: string): Promise<SessionRecord | null> {
    const [record] = await this.work.statements((em) => readSessionRecords(em, { ids: [id] }));
    return record ?? null;
  }

  getMany(ids: readonly string[]): Promise<SessionRecord[]> {
    return this.work.statements((em) => readSessionRecords(em, { ids }));
  }

  findActiveByName(accessKey: string, name: string): Promise<SessionRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(
        SessionEntity,
        { accessKey, name, status: { $nin: TERMINAL_SESSION_STATUSES } },
        { populate: SESSION_WITH_KERNELS, orderBy: { createdAt: 'desc' } },
      );
      return row ? toSessionRecord(row) : null;
    });
  }

  match(accessKey: string, prefix: string, limit: number): Promise<SessionRecord[]> {
    return this.work.read(async (em) => {
      // LIKE has no escape character every database agrees on: `_` and `%` in the prefix match
      // more than they should there, and the exact test below drops those extra rows.
      const wildcards = /[%_]/.test(prefix);
      const byName = { name: { $like: `${prefix}%` } };
      const ids = uuidPrefixRange(prefix);
      const rows = await em.find(
        SessionEntity,
        { accessKey, $or: ids ? [byName, { id: { $gte: ids.lowest, $lte: ids.highest } }] : [byName] },
        {
          populate: SESSION_WITH_KERNELS,
          orderBy: { createdAt: 'desc', id: 'desc' },
          limit: wildcards ? MATCH_SCAN_LIMIT : limit,
        },
      );
      const lower = prefix.toLowerCase();
      return rows
        .filter((row) => row.name.startsWith(prefix) || row.id.startsWith(lower))
        .slice(0, limit)
        .map(toSessionRecord);
    });
  }

  rename(sessionId: string, name: string, expect: readonly SessionStatus[]): Promise<SessionRenameOutcome> {
    return this.work.transaction(async (em) => {
      const row = await em.findOne(
        SessionEntity,
        { id: sessionId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!row) throw DatabaseErrors.sessionNotFound(sessionId);
      if (!expect.includes(row.status)) return 'wrong-status';
      if (row.name === name) return 'renamed';
      const taken = await em.count(SessionEntity, {
        accessKey: row.accessKey,
        name,
        id: { $ne: sessionId },
        status: { $nin: TERMINAL_SESSION_STATUSES },
      });
      if (taken > 0) return 'name-taken';
      row.name = name;
      return 'renamed';
    });
  }

  listPending(resourceGroup: string): Promise<SessionRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(
        SessionEntity,
        { resourceGroup, status: 'PENDING' },
        { populate: SESSION_WITH_KERNELS, orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return rows.map(toSessionRecord);
    });
  }

  listPendingOf(accessKey: string): Promise<SessionRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(
        SessionEntity,
        { accessKey, status: 'PENDING' },
        { populate: SESSION_WITH_KERNELS, orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return rows.map(toSessionRecord);
    });
  }

  /** Plain SQL: one statement on PostgreSQL (a scheduling pass reads every pending session), two on SQLite. */
  listByStatus(statuses: SessionStatus[]): Promise<SessionRecord[]> {
    return this.work.statements(async (em) => {
      if (statuses.length === 0) return [];
      if (em.getPlatform() instanceof PostgreSqlPlatform)
        return listSessionsByStatusSql(em as SqlEntityManager, statuses);
      return readSessionRecords(em, { statuses });
    });
  }

  async commitAllocation(
    sessionId: string,
    placements: KernelPlacement[],
    at: Date,
  ): Promise<AllocationOutcome> {
    const batch = await this.commitAllocations([{ sessionId, placements }], at);
    return batch.ok ? batch.outcomes[0]! : { ok: false, reason: batch.reason, ...pickAgent(batch.agentId) };
  }

  /** Plain SQL on PostgreSQL (a pass commits as fast as it decides); the ORM elsewhere. */
  commitAllocations(
    batch: ReadonlyArray<{ sessionId: string; placements: KernelPlacement[] }>,
    at: Date,
  ): Promise<BatchAllocationOutcome> {
    return this.work.read(async (em) => {
      if (em.getPlatform() instanceof PostgreSqlPlatform)
        return commitAllocationsSql(em as SqlEntityManager, batch, at);
      try {
        return await em.transactional(async (tx) => {
          const outcomes: AllocationOutcome[] = [];
          for (const { sessionId, placements } of batch) {
            const outcome = await commitAllocation(tx, sessionId, placements, at);
            if (!outcome.ok && outcome.reason === 'agent-capacity-changed')
              throw new BatchRolledBack({
                ok: false,
                reason: outcome.reason,
                sessionId,
                ...pickAgent(outcome.agentId),
              });
            outcomes.push(outcome);
          }
          return { ok: true as const, outcomes };
        });
      } catch (error) {
        if (error instanceof BatchRolledBack) return error.outcome;
        throw error;
      }
    });
  }

  /** One UPDATE, the compare-and-set its condition (`status-writes-sql.ts`). */
  setSessionStatus(sessionId: string, status: SessionStatus, info: SessionStatusInfo): Promise<boolean> {
    return this.work.statements((em) => writeSessionStatus(em, sessionId, status, info));
  }

  /** One UPDATE, the compare-and-set its condition (`status-writes-sql.ts`). */
  setKernelStatus(kernelId: string, status: KernelStatus, info: KernelStatusInfo): Promise<boolean> {
    return this.work.statements((em) => writeKernelStatus(em, kernelId, status, info));
  }

  /** One statement on PostgreSQL; the ORM, row by row in one transaction, elsewhere. */
  recordPendingVerdicts(verdicts: ReadonlyArray<PendingVerdictRow>): Promise<void> {
    if (verdicts.length === 0) return Promise.resolve();
    return this.work.read(async (em) => {
      if (em.getPlatform() instanceof PostgreSqlPlatform)
        return recordPendingVerdictsSql(em as SqlEntityManager, verdicts);
      await em.transactional(async (tx) => {
        for (const { sessionId, statusInfo, statusData } of verdicts) {
          await tx.nativeUpdate(
            SessionEntity,
            { id: sessionId, status: 'PENDING' },
            { statusInfo, statusData: structuredClone(statusData) },
          );
        }
      });
    });
  }

  releaseKernelSlots(kernelId: string): Promise<void> {
    return this.work.transaction((em) => releaseKernelSlots(em, kernelId, this.log));
  }

  kernelsOn(agentId: string, statuses: readonly KernelStatus[]): Promise<KernelRecord[]> {
    return this.work.read(async (em) => {
      if (statuses.length === 0) return [];
      const rows = await em.find(KernelEntity, { agent: agentId, status: { $in: [...statuses] } });
      return rows.map(toKernelRecord);
    });
  }

  /** One statement on either driver (`last-stats-sql.ts`). */
  recordLastStats(
    agentId: string,
    stats: Readonly<Record<string, Record<string, unknown>>>,
  ): Promise<number> {
    return this.work.read((em) => recordLastStatsSql(em, agentId, stats));
  }

  list(query: SessionListQuery): Promise<SessionPage> {
    return this.work.statements((em) => listSessions(em, query));
  }

  findOwnedListed(accessKey: string, idOrName: string): Promise<Readonly<ListedSession> | null> {
    return this.work.statements((em) => readOwnedSession(em, this.work.sqliteReader(), accessKey, idOrName));
  }
}

/** Thrown inside a batch's transaction to roll it back; caught around it. */
class BatchRolledBack extends Error {
  constructor(readonly outcome: BatchAllocationOutcome) {
    super('allocation batch rolled back');
  }
}

function pickAgent(agentId: string | undefined): { agentId?: string } {
  return agentId ? { agentId } : {};
}

/** Rows `match` reads at most when the prefix holds LIKE wildcards, before its exact test. */
const MATCH_SCAN_LIMIT = 200;

const UUID_SHAPE = '00000000-0000-0000-0000-000000000000';

/**
 * The lowest and highest UUID starting with `prefix` (lowercase hex in the UUID's layout), so a
 * prefix match is a range over the primary key on both PostgreSQL's uuid type and SQLite's text;
 * undefined when `prefix` cannot start a UUID.
 */
function uuidPrefixRange(prefix: string): { lowest: string; highest: string } | undefined {
  const text = prefix.toLowerCase();
  if (text.length === 0 || text.length > UUID_SHAPE.length) return undefined;
  for (let i = 0; i < text.length; i++) {
    const expected = UUID_SHAPE[i] === '-' ? /-/ : /[0-9a-f]/;
    if (!expected.test(text[i]!)) return undefined;
  }
  const fill = (digit: string) => text + UUID_SHAPE.slice(text.length).replace(/0/g, digit);
  return { lowest: fill('0'), highest: fill('f') };
}
