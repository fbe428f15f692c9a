import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  SESSION_TERMINAL_STATUSES,
  type NewResourceGroup,
  type ResourceGroupChanges,
  type ResourceGroupDetail,
  type ResourceGroupFilter,
  type ResourceGroupMember,
  type ResourceGroupRecord,
  type ResourceGroupRepository,
} from '@tessera/core';
import {
  AgentEntity,
  ResourceGroupEntity,
  ResourcePresetEntity,
  SessionEntity,
  type ResourceGroupRow,
} from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import type { UnitOfWork } from '../orm/unit-of-work';
import { counted, joined, writeAtomically } from './identity/identity-support';
import {
  deleteAssociations,
  forgetResourceGroup,
  insertAssociation,
  isAssociated,
  needMember,
} from './resource-group-associations';

export class OrmResourceGroupRepository implements ResourceGroupRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(name: string): Promise<ResourceGroupRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(ResourceGroupEntity, { name });
      if (!row) return null;
      return {
        name: row.name,
        isActive: row.isActive,
        scheduler: row.scheduler,
        schedulerOpts: structuredClone(row.schedulerOpts),
      };
    });
  }

  describe(name: string): Promise<ResourceGroupDetail | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(ResourceGroupEntity, { name });
      return row ? toDetail(row) : null;
    });
  }

  list(filter: ResourceGroupFilter = {}): Promise<ResourceGroupDetail[]> {
    return this.work.read(async (em) => {
      const where: FilterQuery<ResourceGroupRow> & Record<string, unknown> = {};
      if (filter.isActive !== undefined) where.isActive = filter.isActive;
      if (filter.domain !== undefined) where['domains'] = { name: filter.domain };
      if (filter.project !== undefined) where['groups'] = { id: filter.project.toLowerCase() };
      if (filter.accessKey !== undefined) where['keypairs'] = { accessKey: filter.accessKey };
      const rows = await em.find(ResourceGroupEntity, where, { orderBy: { name: 'asc' } });
      return rows.map(toDetail);
    });
  }

  create(group: NewResourceGroup): Promise<ResourceGroupDetail> {
    return writeAtomically(
      this.work,
      async (em) => {
        if (await em.findOne(ResourceGroupEntity, { name: group.name })) throw taken(group.name);
        const row = em.create(ResourceGroupEntity, {
          name: group.name,
          description: group.description ?? null,
          isActive: group.isActive ?? true,
          isPublic: group.isPublic ?? true,
          driver: group.driver,
          driverOpts: structuredClone(group.driverOpts ?? {}),
          scheduler: group.scheduler,
          schedulerOpts: structuredClone(group.schedulerOpts ?? {}),
          wsproxyAddr: group.wsproxyAddr ?? null,
          wsproxyApiToken: null,
          createdAt: new Date(),
        });
        await em.flush();
        return toDetail(row);
      },
      () => taken(group.name),
    );
  }

  modify(name: string, changes: ResourceGroupChanges): Promise<ResourceGroupDetail> {
    return this.work.transaction(async (em) => {
      const row = await need(em as EntityManager, name);
      if (changes.description !== undefined) row.description = changes.description;
      if (changes.isActive !== undefined) row.isActive = changes.isActive;
      if (changes.isPublic !== undefined) row.isPublic = changes.isPublic;
      if (changes.driver !== undefined) row.driver = changes.driver;
      if (changes.driverOpts !== undefined) row.driverOpts = structuredClone(changes.driverOpts);
      if (changes.scheduler !== undefined) row.scheduler = changes.scheduler;
      if (changes.schedulerOpts !== undefined) row.schedulerOpts = structuredClone(changes.schedulerOpts);
      if (changes.wsproxyAddr !== undefined) row.wsproxyAddr = changes.wsproxyAddr;
      await em.flush();
      return toDetail(row);
    });
  }

  delete(name: string): Promise<void> {
    return this.work.transaction(async (em) => {
      await need(em as EntityManager, name);
      // One after another: a transaction's connection runs one statement at a time.
      const agents = await em.count(AgentEntity, { resourceGroup: name });
      const sessions = await em.count(SessionEntity, { resourceGroup: name });
      const live = await em.count(SessionEntity, {
        resourceGroup: name,
        status: { $nin: [...SESSION_TERMINAL_STATUSES] },
      });
      if (agents > 0 || sessions > 0) {
        const refs = [
          agents && counted(agents, 'agent'),
          live && counted(live, 'live session'),
          sessions - live && counted(sessions - live, 'finished session'),
        ].filter((part): part is string => Boolean(part));
        throw DatabaseErrors.objectInUse(
          `resource group "${name}" still has ${joined(refs)} naming it: move or remove them first`,
          { resourceGroup: name, agents, liveSessions: live, finishedSessions: sessions - live },
        );
      }
      await forgetResourceGroup(em as EntityManager, name);
      await em.nativeDelete(ResourcePresetEntity, { resourceGroup: { name } });
      await em.nativeDelete(ResourceGroupEntity, { name });
    });
  }

  associate(name: string, member: ResourceGroupMember): Promise<void> {
    return this.work.transaction(async (em) => {
      await need(em as EntityManager, name);
      const where = await needMember(em as EntityManager, member);
      if (await isAssociated(em as EntityManager, name, where))
        throw DatabaseErrors.objectAlreadyExists(
          `the association of resource group "${name}" with ${where.label}`,
          {
            resourceGroup: name,
            [where.column]: where.key,
          },
        );
      await insertAssociation(em as EntityManager, name, where);
    });
  }

  disassociate(name: string, member: ResourceGroupMember): Promise<void> {
    return this.work.transaction(async (em) => {
      await need(em as EntityManager, name);
      const where = await needMember(em as EntityManager, member);
      const removed = await deleteAssociations(em as EntityManager, where, name);
      if (removed === 0)
        throw DatabaseErrors.objectNotFound(
          `an association of resource group "${name}" with ${where.label}`,
          {
            resourceGroup: name,
            [where.column]: where.key,
          },
        );
    });
  }

  disassociateAll(member: { domain: string } | { project: string }): Promise<number> {
    return this.work.transaction(async (em) => {
      const where = await needMember(em as EntityManager, member);
      return deleteAssociations(em as EntityManager, where);
    });
  }
}

function taken(name: string) {
  return DatabaseErrors.objectAlreadyExists(`a resource group named "${name}"`, { resourceGroup: name });
}

async function need(em: EntityManager, name: string): Promise<ResourceGroupRow> {
  const row = await em.findOne(ResourceGroupEntity, { name });
  if (!row) throw DatabaseErrors.objectNotFound(`resource group "${name}"`, { resourceGroup: name });
  return row;
}

function toDetail(row: ResourceGroupRow): ResourceGroupDetail {
  return {
    name: row.name,
    description: row.description,
    isActive: row.isActive,
    isPublic: row.isPublic,
    driver: row.driver,
    driverOpts: structuredClone(row.driverOpts ?? {}),
    scheduler: row.scheduler,
    schedulerOpts: structuredClone(row.schedulerOpts ?? {}),
    wsproxyAddr: row.wsproxyAddr,
    createdAt: row.createdAt,
  };
}
