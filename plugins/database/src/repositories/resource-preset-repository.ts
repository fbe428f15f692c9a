import type { EntityManager } from '@mikro-orm/core';
import type {
  PresetCaller,
  PresetProject,
  PresetScope,
  ResourcePresetRecord,
  ResourcePresetRepository,
} from '@tessera/core';
import {
  DomainEntity,
  GroupEntity,
  ResourceGroupEntity,
  ResourcePresetEntity,
  type GroupRow,
} from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Presets, and the project, domain limits and resource groups check-presets reads for a caller. */
export class OrmResourcePresetRepository implements ResourcePresetRepository {
  constructor(private readonly work: UnitOfWork) {}

  list(resourceGroups?: readonly string[]): Promise<ResourcePresetRecord[]> {
    return this.work.read(async (em) => {
      const where =
        resourceGroups === undefined
          ? {}
          : { $or: [{ resourceGroup: null }, { resourceGroup: { name: { $in: [...resourceGroups] } } }] };
      const rows = await em.find(ResourcePresetEntity, where, { orderBy: { name: 'asc' } });
      return rows
        .map((row) => ({
          name: row.name,
          resourceSlots: { ...row.resourceSlots },
          sharedMemory: row.sharedMemory === null ? null : Number(row.sharedMemory),
          resourceGroup: row.resourceGroup?.name ?? null,
        }))
        .sort(
          (a, b) =>
            a.name.localeCompare(b.name) ||
            Number(a.resourceGroup !== null) - Number(b.resourceGroup !== null),
        );
    });
  }

  scopeOf(caller: PresetCaller, project: string): Promise<PresetScope> {
    return this.work.read(async (em) => {
      const found = await findProject(em, caller, project);
      const domain = await em.findOne(DomainEntity, { name: caller.domainName });
      const associations: object[] = [
        { domains: { name: caller.domainName } },
        { keypairs: { accessKey: caller.accessKey } },
      ];
      if (found?.isMember) associations.push({ groups: { id: found.id } });
      const groups = await em.find(
        ResourceGroupEntity,
        { isActive: true, $or: associations },
        { orderBy: { name: 'asc' } },
      );
      return {
        project: found,
        domainSlots: { ...(domain?.totalResourceSlots ?? {}) },
        resourceGroups: [...new Set(groups.map((group) => group.name))],
      };
    });
  }
}

async function findProject(
  em: EntityManager,
  caller: PresetCaller,
  project: string,
): Promise<PresetProject | null> {
  const byId = UUID.test(project) ? await em.findOne(GroupEntity, { id: project.toLowerCase() }) : null;
  const row: GroupRow | null =
    byId ?? (await em.findOne(GroupEntity, { name: project, domain: { name: caller.domainName } }));
  if (!row) return null;
  const isMember = UUID.test(caller.userId)
    ? (await em.count(GroupEntity, { id: row.id, users: { uuid: caller.userId } })) > 0
    : false;
  return { id: row.id, name: row.name, totalResourceSlots: { ...row.totalResourceSlots }, isMember };
}
