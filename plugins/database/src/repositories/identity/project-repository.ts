import { randomUUID } from 'node:crypto';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  SESSION_TERMINAL_STATUSES,
  TesseraError,
  type NewProject,
  type ProjectChanges,
  type ProjectRecord,
  type ProjectRepository,
} from '@tessera/core';
import {
  DomainEntity,
  GroupEntity,
  ProjectResourcePolicyEntity,
  SessionEntity,
  UserEntity,
  type GroupRow,
} from '../../entities';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';
import { compare, toProjectRecord } from '../../records/identity-records';
import {
  counted,
  duplicateOf,
  isUuid,
  placeholders,
  rawRows,
  scalingGroupsOf,
  writeAtomically,
} from './identity-support';

const TERMINAL_SESSION_STATUSES = [...SESSION_TERMINAL_STATUSES];

/** Projects (Backend.AI's groups) and their members. */
export class OrmProjectRepository implements ProjectRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(id: string): Promise<ProjectRecord | null> {
    return this.work.read(async (em) => {
      const row = isUuid(id) ? await em.findOne(GroupEntity, { id: id.toLowerCase() }) : null;
      return row ? (await projectRecords(em as EntityManager, [row]))[0]! : null;
    });
  }

  getByName(domainName: string, name: string): Promise<ProjectRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(GroupEntity, { domain: { name: domainName }, name });
      return row ? (await projectRecords(em as EntityManager, [row]))[0]! : null;
    });
  }

  list(
    filter: { domainName?: string; isActive?: boolean; ids?: readonly string[] } = {},
  ): Promise<ProjectRecord[]> {
    return this.work.read(async (em) => {
      const where: FilterQuery<GroupRow> = {};
      if (filter.domainName !== undefined) where.domain = { name: filter.domainName };
      if (filter.isActive !== undefined) where.isActive = filter.isActive;
      if (filter.ids !== undefined) {
        const ids = [...new Set(filter.ids.filter(isUuid).map((id) => id.toLowerCase()))];
        if (ids.length === 0) return [];
        where.id = { $in: ids };
      }
      const rows = await em.find(GroupEntity, where);
      return projectRecords(em as EntityManager, rows);
    });
  }

  create(project: NewProject): Promise<ProjectRecord> {
    const id = (project.id ?? randomUUID()).toLowerCase();
    return writeAtomically(
      this.work,
      async (em) => {
        const domain = await em.findOne(DomainEntity, { name: project.domainName });
        if (!domain)
          throw DatabaseErrors.objectNotFound(`domain "${project.domainName}"`, {
            domainName: project.domainName,
          });
        if (await em.findOne(GroupEntity, { domain: { name: project.domainName }, name: project.name }))
          throw nameTaken(project.domainName, project.name);
        if (!isUuid(id))
          throw new TesseraError('invalid-api-params', `id: "${id}" is not a UUID; expected one`, {
            field: 'id',
            expected: 'a UUID',
          });
        if (await em.findOne(GroupEntity, { id }))
          throw DatabaseErrors.objectAlreadyExists(`a project with id "${id}"`, { id });
        const policy = await projectPolicy(em, project.resourcePolicy ?? null);
        const now = new Date();
        const row = em.create(GroupEntity, {
          id,
          name: project.name,
          domain,
          type: project.type ?? 'GENERAL',
          description: project.description ?? null,
          isActive: project.isActive ?? true,
          totalResourceSlots: { ...(project.totalResourceSlots ?? {}) },
          allowedVfolderHosts: { ...(project.allowedVfolderHosts ?? {}) },
          integrationId: project.integrationId ?? null,
          resourcePolicy: policy,
          createdAt: now,
          modifiedAt: now,
        });
        await em.flush();
        return toProjectRecord(row, []);
      },
      (cause) =>
        duplicateOf(
          cause,
          [[/uq_groups_name_domain|groups\.name/, nameTakenText(project.domainName, project.name)]],
          `a project with id "${id}"`,
        ),
    );
  }

  modify(id: string, changes: ProjectChanges): Promise<ProjectRecord> {
    return writeAtomically(
      this.work,
      async (em) => {
        const row = await need(em, id);
        const oldDomain = row.domain.name;
        const oldName = row.name;
        const domainName = changes.domainName ?? oldDomain;
        const name = changes.name ?? oldName;
        if (domainName !== oldDomain) {
          const domain = await em.findOne(DomainEntity, { name: domainName });
          if (!domain) throw DatabaseErrors.objectNotFound(`domain "${domainName}"`, { domainName });
          row.domain = domain;
        }
        if (domainName !== oldDomain || name !== oldName) {
          const clash = await em.findOne(GroupEntity, {
            domain: { name: domainName },
            name,
            id: { $ne: row.id },
          });
          if (clash) throw nameTaken(domainName, name);
          row.name = name;
        }
        if (changes.resourcePolicy !== undefined)
          row.resourcePolicy = await projectPolicy(em, changes.resourcePolicy);
        if (changes.type !== undefined) row.type = changes.type;
        if (changes.description !== undefined) row.description = changes.description;
        if (changes.isActive !== undefined) row.isActive = changes.isActive;
        if (changes.totalResourceSlots !== undefined)
          row.totalResourceSlots = { ...changes.totalResourceSlots };
        if (changes.allowedVfolderHosts !== undefined)
          row.allowedVfolderHosts = { ...changes.allowedVfolderHosts };
        if (changes.integrationId !== undefined) row.integrationId = changes.integrationId;
        row.modifiedAt = new Date();
        await em.flush();
        // Sessions name their project by domain and name: they follow a rename.
        if (domainName !== oldDomain || name !== oldName)
          await em.nativeUpdate(
            SessionEntity,
            { domainName: oldDomain, groupName: oldName },
            { domainName, groupName: name },
          );
        return (await projectRecords(em, [row]))[0]!;
      },
      (cause) =>
        duplicateOf(
          cause,
          [],
          nameTakenText(changes.domainName ?? '(its domain)', changes.name ?? '(its name)'),
        ),
    );
  }

  deactivate(id: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await need(em as EntityManager, id);
      row.isActive = false;
      row.modifiedAt = new Date();
      await em.flush();
    });
  }

  purge(id: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await need(em as EntityManager, id);
      const live = await em.count(SessionEntity, {
        domainName: row.domain.name,
        groupName: row.name,
        status: { $nin: TERMINAL_SESSION_STATUSES },
      });
      if (live > 0)
        throw DatabaseErrors.objectInUse(
          `project "${row.name}" of domain "${row.domain.name}" still has ${counted(live, 'session')} ` +
            `that ${live === 1 ? 'is' : 'are'} not terminated`,
          { projectId: row.id, sessions: live },
        );
      await rawRows(em as EntityManager, 'delete from association_groups_users where group_id = ?', [row.id]);
      await rawRows(em as EntityManager, 'delete from resource_groups_for_groups where group_id = ?', [
        row.id,
      ]);
      em.getUnitOfWork().unsetIdentity(row);
      await em.nativeDelete(GroupEntity, { id: row.id });
    });
  }

  members(projectId: string): Promise<string[]> {
    return this.work.read(async (em) => {
      if (!isUuid(projectId)) return [];
      const rows = await rawRows<{ user_id: string }>(
        em as EntityManager,
        'select user_id from association_groups_users where group_id = ?',
        [projectId.toLowerCase()],
      );
      return rows.map((row) => String(row.user_id).toLowerCase()).sort(compare);
    });
  }

  updateMembers(projectId: string, mode: 'add' | 'remove', userIds: readonly string[]): Promise<void> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      const project = await need(em, projectId);
      const wanted = [...new Set(userIds.map((id) => id.toLowerCase()))];
      if (wanted.length === 0) return;
      const unknown = wanted.filter((id) => !isUuid(id));
      const users = await em.find(UserEntity, { uuid: { $in: wanted.filter(isUuid) } });
      const found = new Set(users.map((user) => user.uuid.toLowerCase()));
      unknown.push(...wanted.filter((id) => isUuid(id) && !found.has(id)));
      if (unknown.length > 0)
        throw DatabaseErrors.objectNotFound(
          `${unknown.length === 1 ? 'user' : 'users'} ${unknown.map((id) => `"${id}"`).join(', ')}`,
          { userIds: unknown },
        );
      const present = new Set(
        (
          await rawRows<{ user_id: string }>(
            em,
            `select user_id from association_groups_users where group_id = ? and user_id in ${placeholders(wanted.length)}`,
            [project.id, ...wanted],
          )
        ).map((row) => String(row.user_id).toLowerCase()),
      );
      if (mode === 'add') {
        for (const userId of wanted.filter((id) => !present.has(id)))
          await rawRows(em, 'insert into association_groups_users (user_id, group_id) values (?, ?)', [
            userId,
            project.id,
          ]);
      } else {
        const gone = wanted.filter((id) => present.has(id));
        if (gone.length > 0)
          await rawRows(
            em,
            `delete from association_groups_users where group_id = ? and user_id in ${placeholders(gone.length)}`,
            [project.id, ...gone],
          );
      }
    });
  }

  projectsOf(userId: string): Promise<ProjectRecord[]> {
    return this.work.read(async (em) => {
      if (!isUuid(userId)) return [];
      const rows = await em.find(GroupEntity, { users: { uuid: userId.toLowerCase() } });
      const records = await projectRecords(em as EntityManager, rows);
      return records.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    });
  }

  isMember(userId: string, projectId: string): Promise<boolean> {
    return this.work.read(async (em) => {
      if (!isUuid(userId) || !isUuid(projectId)) return false;
      const rows = await rawRows(
        em as EntityManager,
        'select 1 as found from association_groups_users where user_id = ? and group_id = ?',
        [userId.toLowerCase(), projectId.toLowerCase()],
      );
      return rows.length > 0;
    });
  }
}

function nameTakenText(domainName: string, name: string): string {
  return `a project named "${name}" in domain "${domainName}"`;
}

function nameTaken(domainName: string, name: string) {
  return DatabaseErrors.objectAlreadyExists(nameTakenText(domainName, name), { domainName, name });
}

async function need(em: EntityManager, id: string): Promise<GroupRow> {
  const row = isUuid(id) ? await em.findOne(GroupEntity, { id: id.toLowerCase() }) : null;
  if (!row) throw DatabaseErrors.objectNotFound(`project "${id}"`, { projectId: id });
  return row;
}

async function projectPolicy(em: EntityManager, name: string | null) {
  if (name === null) return null;
  const policy = await em.findOne(ProjectResourcePolicyEntity, { name });
  if (!policy)
    throw DatabaseErrors.objectNotFound(`project resource policy "${name}"`, { resourcePolicy: name });
  return policy;
}

/** Records by domain then name, with their resource groups read in one statement. */
async function projectRecords(em: EntityManager, rows: readonly GroupRow[]): Promise<ProjectRecord[]> {
  const groups = await scalingGroupsOf(
    em,
    'resource_groups_for_groups',
    rows.map((row) => row.id),
  );
  return [...rows]
    .sort((a, b) => compare(a.domain.name, b.domain.name) || compare(a.name, b.name) || compare(a.id, b.id))
    .map((row) => toProjectRecord(row, groups.get(row.id.toLowerCase()) ?? []));
}
