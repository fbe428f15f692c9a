import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type {
  NewResourcePreset,
  PresetCaller,
  PresetProject,
  PresetScope,
  ResourcePresetChanges,
  ResourcePresetRecord,
  ResourcePresetRepository,
} from '@tessera/core';
import {
  DomainEntity,
  GroupEntity,
  ResourceGroupEntity,
  ResourcePresetEntity,
  type GroupRow,
  type ResourcePresetRow,
} from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import type { UnitOfWork } from '../orm/unit-of-work';
import { writeAtomically } from './identity/identity-support';

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
        .map(toRecord)
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

  get(name: string): Promise<ResourcePresetRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(ResourcePresetEntity, { name, resourceGroup: null });
      return row ? toRecord(row) : null;
    });
  }

  create(preset: NewResourcePreset): Promise<ResourcePresetRecord> {
    return writeAtomically(
      this.work,
      async (em) => {
        if (await em.findOne(ResourcePresetEntity, { name: preset.name, resourceGroup: null }))
          throw taken(preset.name);
        const row = em.create(ResourcePresetEntity, {
          id: randomUUID(),
          name: preset.name,
          resourceSlots: { ...preset.resourceSlots },
          sharedMemory: preset.sharedMemory ?? null,
          resourceGroup: null,
        });
        await em.flush();
        return toRecord(row);
      },
      () => taken(preset.name),
    );
  }

  modify(name: string, changes: ResourcePresetChanges): Promise<ResourcePresetRecord> {
    return this.work.transaction(async (em) => {
      const row = await need(em, name);
      if (changes.resourceSlots !== undefined) row.resourceSlots = { ...changes.resourceSlots };
      if (changes.sharedMemory !== undefined) row.sharedMemory = changes.sharedMemory;
      await em.flush();
      return toRecord(row);
    });
  }

  delete(name: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await need(em, name);
      await em.nativeDelete(ResourcePresetEntity, { id: row.id });
    });
  }
}

function toRecord(row: ResourcePresetRow): ResourcePresetRecord {
  return {
    name: row.name,
    resourceSlots: { ...row.resourceSlots },
    sharedMemory: row.sharedMemory === null ? null : Number(row.sharedMemory),
    resourceGroup: row.resourceGroup?.name ?? null,
  };
}

function taken(name: string) {
  return DatabaseErrors.objectAlreadyExists(`a resource preset named "${name}"`, { presetName: name });
}

async function need(em: EntityManager, name: string): Promise<ResourcePresetRow> {
  const row = await em.findOne(ResourcePresetEntity, { name, resourceGroup: null });
  if (!row) throw DatabaseErrors.objectNotFound(`resource preset "${name}"`, { presetName: name });
  return row;
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
