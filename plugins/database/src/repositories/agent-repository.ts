import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { AgentInfo, AgentRecord, AgentRepository, AgentStatus } from '@tessera/core';
import { AgentEntity, type AgentRow } from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toAgentRecord } from '../records/agent-record';

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
