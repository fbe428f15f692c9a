import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainChanges, DomainRecord, DomainRepository, NewDomain } from '@tessera/core';
import {
  DomainEntity,
  GroupEntity,
  SessionEntity,
  SessionTemplateEntity,
  UserEntity,
  type DomainRow,
} from '../../entities';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';
import { compare, toDomainRecord } from '../../records/identity-records';
import { counted, duplicateOf, joined, rawRows, scalingGroupsOf, writeAtomically } from './identity-support';

/** Domains: the tenants users and projects belong to. */
export class OrmDomainRepository implements DomainRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(name: string): Promise<DomainRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(DomainEntity, { name });
      return row ? domainRecord(em as EntityManager, row) : null;
    });
  }

  list(filter: { isActive?: boolean } = {}): Promise<DomainRecord[]> {
    return this.work.read(async (em) => {
      const where = filter.isActive === undefined ? {} : { isActive: filter.isActive };
      const rows = (await em.find(DomainEntity, where)).sort((a, b) => compare(a.name, b.name));
      const groups = await scalingGroupsOf(
        em as EntityManager,
        'resource_groups_for_domains',
        rows.map((row) => row.name),
      );
      return rows.map((row) => toDomainRecord(row, groups.get(row.name) ?? []));
    });
  }

  create(domain: NewDomain): Promise<DomainRecord> {
    return writeAtomically(
      this.work,
      async (em) => {
        if (await em.findOne(DomainEntity, { name: domain.name })) throw taken(domain.name);
        const now = new Date();
        const row = em.create(DomainEntity, {
          name: domain.name,
          description: domain.description ?? null,
          isActive: domain.isActive ?? true,
          totalResourceSlots: { ...(domain.totalResourceSlots ?? {}) },
          allowedVfolderHosts: { ...(domain.allowedVfolderHosts ?? {}) },
          allowedDockerRegistries: [...(domain.allowedDockerRegistries ?? [])],
          integrationId: domain.integrationId ?? null,
          createdAt: now,
          modifiedAt: now,
        });
        await em.flush();
        return toDomainRecord(row, []);
      },
      () => taken(domain.name),
    );
  }

  modify(name: string, changes: DomainChanges): Promise<DomainRecord> {
    const newName = changes.name !== undefined && changes.name !== name ? changes.name : undefined;
    return writeAtomically(
      this.work,
      async (em) => {
        const row = await need(em, name);
        const fields = changedFields(changes);
        if (newName === undefined) {
          Object.assign(row, fields);
          row.modifiedAt = new Date();
          await em.flush();
          return domainRecord(em, row);
        }
        if (await em.findOne(DomainEntity, { name: newName })) throw taken(newName);
        await rename(em, row, newName, fields);
        const renamed = await em.findOneOrFail(DomainEntity, { name: newName });
        return domainRecord(em, renamed);
      },
      (cause) => duplicateOf(cause, [], `a domain named "${newName ?? name}"`),
    );
  }

  deactivate(name: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await need(em as EntityManager, name);
      row.isActive = false;
      row.modifiedAt = new Date();
      await em.flush();
    });
  }

  purge(name: string): Promise<void> {
    return this.work.transaction(async (em) => {
      await need(em as EntityManager, name);
      const [users, projects, sessions, templates] = await Promise.all([
        em.count(UserEntity, { domain: { name: name } }),
        em.count(GroupEntity, { domain: { name: name } }),
        em.count(SessionEntity, { domainName: name }),
        em.count(SessionTemplateEntity, { domain: { name: name } }),
      ]);
      const refs = [
        users && counted(users, 'user'),
        projects && counted(projects, 'project'),
        sessions && counted(sessions, 'session'),
        templates && counted(templates, 'session template'),
      ].filter((part): part is string => Boolean(part));
      if (refs.length > 0)
        throw DatabaseErrors.objectInUse(`domain "${name}" still has ${joined(refs)}`, {
          domainName: name,
          users,
          projects,
          sessions,
          sessionTemplates: templates,
        });
      await rawRows(em as EntityManager, 'delete from resource_groups_for_domains where domain = ?', [name]);
      await em.nativeDelete(DomainEntity, { name });
    });
  }
}

function taken(name: string) {
  return DatabaseErrors.objectAlreadyExists(`a domain named "${name}"`, { domainName: name });
}

async function need(em: EntityManager, name: string): Promise<DomainRow> {
  const row = await em.findOne(DomainEntity, { name });
  if (!row) throw DatabaseErrors.objectNotFound(`domain "${name}"`, { domainName: name });
  return row;
}

async function domainRecord(em: EntityManager, row: DomainRow): Promise<DomainRecord> {
  const groups = await scalingGroupsOf(em, 'resource_groups_for_domains', [row.name]);
  return toDomainRecord(row, groups.get(row.name) ?? []);
}

/** The columns `changes` sets, copied (the name aside). */
function changedFields(changes: DomainChanges): Partial<DomainRow> {
  const fields: Partial<DomainRow> = {};
  if (changes.description !== undefined) fields.description = changes.description;
  if (changes.isActive !== undefined) fields.isActive = changes.isActive;
  if (changes.totalResourceSlots !== undefined) fields.totalResourceSlots = { ...changes.totalResourceSlots };
  if (changes.allowedVfolderHosts !== undefined)
    fields.allowedVfolderHosts = { ...changes.allowedVfolderHosts };
  if (changes.allowedDockerRegistries !== undefined)
    fields.allowedDockerRegistries = [...changes.allowedDockerRegistries];
  if (changes.integrationId !== undefined) fields.integrationId = changes.integrationId;
  return fields;
}

/**
 * Renames a domain and carries everything naming it along: a new row under the new name, then
 * projects, users, session templates, resource-group associations and sessions moved to it, then
 * the old row removed. Done this way rather than by updating the key, it does not depend on the
 * foreign keys' update rules of either driver.
 */
async function rename(
  em: EntityManager,
  row: DomainRow,
  newName: string,
  fields: Partial<DomainRow>,
): Promise<void> {
  const old = row.name;
  const now = new Date();
  em.create(DomainEntity, {
    name: newName,
    description: row.description,
    isActive: row.isActive,
    totalResourceSlots: { ...row.totalResourceSlots },
    allowedVfolderHosts: { ...row.allowedVfolderHosts },
    allowedDockerRegistries: [...row.allowedDockerRegistries],
    integrationId: row.integrationId,
    ...fields,
    createdAt: row.createdAt,
    modifiedAt: now,
  });
  await em.flush();
  for (const table of ['groups', 'users', 'session_templates'])
    await rawRows(em, `update ${table} set domain_name = ? where domain_name = ?`, [newName, old]);
  await em.nativeUpdate(SessionEntity, { domainName: old }, { domainName: newName });
  await rawRows(em, 'update resource_groups_for_domains set domain = ? where domain = ?', [newName, old]);
  em.getUnitOfWork().unsetIdentity(row);
  await em.nativeDelete(DomainEntity, { name: old });
}
