import type { ResourceGroupRecord, ResourceGroupRepository } from '@tessera/core';
import { ResourceGroupEntity } from '../entities';
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
}
