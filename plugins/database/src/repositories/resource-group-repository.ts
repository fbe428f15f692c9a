import type { FilterQuery } from '@mikro-orm/core';
import type {
  ResourceGroupDetail,
  ResourceGroupFilter,
  ResourceGroupRecord,
  ResourceGroupRepository,
} from '@tessera/core';
import { ResourceGroupEntity, type ResourceGroupRow } from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';

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
