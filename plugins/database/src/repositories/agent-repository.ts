import {
  LockMode,
  QueryOrder,
  UniqueConstraintViolationException,
  type EntityManager,
  type FilterQuery,
  type QueryOrderMap,
} from '@mikro-orm/core';
import type {
  AgentInfo,
  AgentListQuery,
  AgentRecord,
  AgentRepository,
  AgentStatus,
  KernelStatus,
  ListedAgent,
  ListedKernel,
  Page,
} from '@tessera/core';
import { AgentEntity, KernelEntity, type AgentRow, type KernelRow } from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toAgentRecord, toListedAgent } from '../records/agent-record';
import { toKernelRecord } from '../records/session-record';

export class OrmAgentRepository implements AgentRepository {
  constructor(private readonly work: UnitOfWork) {}

  async upsertFromHeartbeat(info: AgentInfo, at: Date): Promise<void> {
    try {
      await this.work.transaction((em) => this.applyHeartbeat(em, info, at));
    } catch (error) {
      // Two first heartbeats of one agent raced to insert its row: the other one won, so update it.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      await this.work.transaction((em) => this.applyHeartbeat(em, info, at));
    }
  }

  get(id: string): Promise<AgentRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(AgentEntity, { id });
      return row ? toAgentRecord(row) : null;
    });
  }

  listSchedulable(resourceGroup: string): Promise<AgentRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(
        AgentEntity,
        { resourceGroup, status: 'ALIVE', schedulable: true },
        { orderBy: { id: 'asc' } },
      );
      return rows.map(toAgentRecord);
    });
  }

  listByStatus(statuses: readonly AgentStatus[]): Promise<AgentRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(AgentEntity, { status: { $in: [...statuses] } }, { orderBy: { id: 'asc' } });
      return rows.map(toAgentRecord);
    });
  }

  /**
   * One page in a stable order (the key, then the id; never-lost agents sort last by lostAt going
   * up) and the count of every match: at most two statements.
   */
  list(query: AgentListQuery): Promise<Page<ListedAgent>> {
    return this.work.read(async (em) => {
      const where: FilterQuery<AgentRow> = {};
      if (query.id !== undefined) where.id = query.id;
      if (query.status !== undefined) where.status = query.status;
      if (query.resourceGroup !== undefined) where.resourceGroup = query.resourceGroup;
      const ascending = query.ascending !== false;
      const direction = ascending ? QueryOrder.ASC : QueryOrder.DESC;
      const key = query.orderBy;
      const orderBy: Array<QueryOrderMap<AgentRow>> =
        key === undefined
          ? [{ status: direction }, { resourceGroup: direction }]
          : key === 'lostAt'
            ? [{ lostAt: ascending ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_FIRST }]
            : [{ [key]: direction }];
      if (key !== 'id') orderBy.push({ id: direction });
      const rows = await em.find(AgentEntity, where, { orderBy, limit: query.limit, offset: query.offset });
      const totalCount =
        query.offset === 0 && rows.length < query.limit ? rows.length : await em.count(AgentEntity, where);
      return { totalCount, items: rows.map(toListedAgent) };
    });
  }

  markLost(id: string, silentSince: Date): Promise<boolean> {
    return this.work.transaction(async (em) => {
      const row = await em.findOne(AgentEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row || !['ALIVE', 'RESTARTING'].includes(row.status) || row.lastContact >= silentSince)
        return false;
      const now = new Date();
      row.status = 'LOST';
      row.statusChanged = now;
      row.lostAt = now;
      return true;
    });
  }

  markStatus(id: string, status: AgentStatus): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await em.findOne(AgentEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row || row.status === status) return;
      const now = new Date();
      row.status = status;
      row.statusChanged = now;
      if (status === 'LOST') row.lostAt = now;
    });
  }

  /** One UPDATE; a report for an agent with no row (never heartbeated) writes nothing. */
  recordLastStat(id: string, stat: Readonly<Record<string, unknown>>, at: Date): Promise<boolean> {
    return this.work.read(async (em) => {
      const updated = await em.nativeUpdate(
        AgentEntity,
        { id },
        { lastStat: structuredClone(stat) as Record<string, unknown>, lastStatAt: at },
      );
      return updated > 0;
    });
  }

  setSchedulable(id: string, schedulable: boolean): Promise<boolean> {
    return this.work.read(async (em) => (await em.nativeUpdate(AgentEntity, { id }, { schedulable })) > 0);
  }

  /** One SELECT over the kernels' agent column, whatever the number of agents. */
  kernelsOf(agentIds: readonly string[], statuses?: readonly KernelStatus[]): Promise<ListedKernel[]> {
    return this.work.read(async (em) => {
      if (agentIds.length === 0 || statuses?.length === 0) return [];
      const where: FilterQuery<KernelRow> = { agent: { $in: [...new Set(agentIds)] } };
      if (statuses !== undefined) where.status = { $in: [...statuses] };
      const rows = await em.find(KernelEntity, where, {
        orderBy: [{ agent: QueryOrder.ASC }, { createdAt: QueryOrder.ASC }, { id: QueryOrder.ASC }],
      });
      return rows.map((row): ListedKernel => ({
        ...toKernelRecord(row),
        createdAt: row.createdAt,
        terminatedAt: row.terminatedAt,
        lastStat: row.lastStat ? structuredClone(row.lastStat) : null,
      }));
    });
  }

  /** Everything the heartbeat reports replaces the row's values; occupied slots are the manager's and stay. */
  private async applyHeartbeat(em: EntityManager, info: AgentInfo, at: Date): Promise<void> {
    const reported = {
      address: info.address,
      region: info.region,
      resourceGroup: info.resourceGroup,
      architecture: info.architecture,
      version: info.version,
      availableSlots: { ...info.availableSlots },
      computePlugins: structuredClone(info.computePlugins),
      lastContact: at,
      reportedKernels: info.kernels ? [...info.kernels] : null,
    };
    const row = await em.findOne(AgentEntity, { id: info.agentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) {
      const fresh: AgentRow = {
        id: info.agentId,
        ...reported,
        status: 'ALIVE',
        statusChanged: at,
        schedulable: true,
        occupiedSlots: {},
        firstContact: at,
        lostAt: null,
        lastStat: null,
        lastStatAt: null,
      };
      em.create(AgentEntity, fresh);
      return;
    }
    em.assign(row, reported);
    if (row.status !== 'ALIVE') {
      row.status = 'ALIVE';
      row.statusChanged = at;
      row.lostAt = null;
    }
  }
}
