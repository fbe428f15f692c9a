import { randomUUID } from 'node:crypto';
import { QueryOrder, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import {
  SESSION_TERMINAL_STATUSES,
  TesseraError,
  type KeypairDetail,
  type NewUser,
  type Page,
  type UserChanges,
  type UserCredentials,
  type UserListQuery,
  type UserRecord,
  type UserRepository,
} from '@tessera/core';
import {
  DomainEntity,
  GroupEntity,
  KeypairEntity,
  SessionEntity,
  UserEntity,
  UserResourcePolicyEntity,
  type GroupRow,
  type UserRow,
} from '../../entities';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';
import { toKeypairDetail, toUserCredentials, toUserRecord } from '../../records/identity-records';
import {
  containsIgnoringCase,
  counted,
  duplicateOf,
  isUuid,
  rawRows,
  writeAtomically,
} from './identity-support';
import { createKeypair, keypairPolicy } from './keypair-admin-repository';

const TERMINAL_SESSION_STATUSES = [...SESSION_TERMINAL_STATUSES];

/** Unique keys of `users` and `keypairs` as the drivers name them in a violation. */
function duplicates(email: string, username: string, accessKey?: string) {
  const candidates: Array<readonly [RegExp, string]> = [
    [/uq_users_email|users\.email/, emailTakenText(email)],
    [/uq_users_username|users\.username/, `a user with username "${username}"`],
  ];
  if (accessKey !== undefined)
    candidates.push([/keypairs_pkey|keypairs\.access_key/, `a keypair with access key "${accessKey}"`]);
  return candidates;
}

function emailTakenText(email: string): string {
  return `a user with e-mail "${email}"`;
}

/** Users: a new one comes with its main keypair; memberships are replaced as a whole. */
export class OrmUserRepository implements UserRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(uuid: string): Promise<UserRecord | null> {
    return this.work.read(async (em) => {
      if (!isUuid(uuid)) return null;
      const row = await em.findOne(UserEntity, { uuid: uuid.toLowerCase() }, { populate: ['groups'] });
      return row ? toUserRecord(row) : null;
    });
  }

  getByEmail(email: string): Promise<UserRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(UserEntity, { email }, { populate: ['groups'] });
      return row ? toUserRecord(row) : null;
    });
  }

  /**
   * One page in a stable order (the key, then the uuid), the memberships of its users read in one
   * more statement, and the count of every match (not counted when a first page that is not full
   * holds them all): at most three statements whatever the page size.
   */
  list(query: UserListQuery): Promise<Page<UserRecord>> {
    return this.work.read(async (tx) => {
      const em = tx as EntityManager;
      const where = filterOf(em, query);
      if (!where) return { totalCount: 0, items: [] };
      const direction = query.ascending === false ? QueryOrder.DESC : QueryOrder.ASC;
      const key = query.orderBy ?? 'createdAt';
      const rows = await em.find(UserEntity, where, {
        orderBy: [{ [key]: direction }, { uuid: direction }],
        limit: query.limit,
        offset: query.offset,
        populate: ['groups'],
        strategy: 'select-in',
      });
      const totalCount =
        query.offset === 0 && rows.length < query.limit ? rows.length : await em.count(UserEntity, where);
      return { totalCount, items: rows.map(toUserRecord) };
    });
  }

  create(user: NewUser): Promise<{ user: UserRecord; keypair: KeypairDetail }> {
    const uuid = (user.uuid ?? randomUUID()).toLowerCase();
    return writeAtomically(
      this.work,
      async (em) => {
        if (!isUuid(uuid))
          throw new TesseraError('invalid-api-params', `uuid: "${uuid}" is not a UUID; expected one`, {
            field: 'uuid',
            expected: 'a UUID',
          });
        const domain = await needDomain(em, user.domainName);
        if (await em.findOne(UserEntity, { email: user.email }))
          throw DatabaseErrors.objectAlreadyExists(emailTakenText(user.email), { email: user.email });
        if (await em.findOne(UserEntity, { username: user.username }))
          throw DatabaseErrors.objectAlreadyExists(`a user with username "${user.username}"`, {
            username: user.username,
          });
        if (await em.findOne(UserEntity, { uuid }))
          throw DatabaseErrors.objectAlreadyExists(`a user with uuid "${uuid}"`, { uuid });
        const policy = await userPolicy(em, user.resourcePolicy ?? null);
        const keyPolicy = await keypairPolicy(em, user.mainKeypair.resourcePolicy);
        if (await em.findOne(KeypairEntity, { accessKey: user.mainKeypair.accessKey }))
          throw DatabaseErrors.objectAlreadyExists(
            `a keypair with access key "${user.mainKeypair.accessKey}"`,
            { accessKey: user.mainKeypair.accessKey },
          );
        const projects = await projectsIn(em, user.domainName, user.groupIds ?? []);
        const now = new Date();
        const row = em.create(UserEntity, {
          uuid,
          email: user.email,
          username: user.username,
          passwordHash: user.passwordHash,
          needPasswordChange: user.needPasswordChange ?? false,
          fullName: user.fullName ?? null,
          description: user.description ?? null,
          status: user.status ?? 'active',
          statusInfo: null,
          role: user.role ?? 'user',
          domain,
          resourcePolicy: policy,
          mainAccessKey: user.mainKeypair.accessKey,
          passwordChangedAt: user.passwordHash === null ? null : now,
          createdAt: now,
          modifiedAt: now,
        });
        row.groups.set(projects);
        await em.flush();
        const keypair = await createKeypair(em, row, keyPolicy, user.mainKeypair);
        return { user: toUserRecord(row), keypair: toKeypairDetail(keypair) };
      },
      (cause) =>
        duplicateOf(
          cause,
          duplicates(user.email, user.username, user.mainKeypair.accessKey),
          `a user with uuid "${uuid}"`,
        ),
    );
  }

  modify(email: string, changes: UserChanges): Promise<UserRecord> {
    return writeAtomically(
      this.work,
      async (em) => {
        const row = await needUser(em, email, true);
        if (changes.username !== undefined && changes.username !== row.username) {
          if (await em.findOne(UserEntity, { username: changes.username }))
            throw DatabaseErrors.objectAlreadyExists(`a user with username "${changes.username}"`, {
              username: changes.username,
            });
          row.username = changes.username;
        }
        const now = new Date();
        if (changes.passwordHash !== undefined && changes.passwordHash !== row.passwordHash) {
          row.passwordHash = changes.passwordHash;
          row.passwordChangedAt = now;
        }
        if (changes.needPasswordChange !== undefined) row.needPasswordChange = changes.needPasswordChange;
        if (changes.fullName !== undefined) row.fullName = changes.fullName;
        if (changes.description !== undefined) row.description = changes.description;
        if (changes.status !== undefined) row.status = changes.status;
        if (changes.statusInfo !== undefined) row.statusInfo = changes.statusInfo;
        if (changes.role !== undefined) row.role = changes.role;
        if (changes.resourcePolicy !== undefined)
          row.resourcePolicy = await userPolicy(em, changes.resourcePolicy);
        if (changes.mainAccessKey !== undefined && changes.mainAccessKey !== row.mainAccessKey)
          row.mainAccessKey = await ownActiveKeypair(em, row, changes.mainAccessKey);
        const domainName = changes.domainName ?? row.domain.name;
        if (domainName !== row.domain.name) row.domain = await needDomain(em, domainName);
        if (changes.groupIds !== undefined) {
          row.groups.set(await projectsIn(em, domainName, changes.groupIds));
        } else {
          // Memberships never cross domains: a user moved to another domain leaves the old one's projects.
          const kept = row.groups.getItems().filter((group) => group.domain.name === domainName);
          if (kept.length !== row.groups.length) row.groups.set(kept);
        }
        row.modifiedAt = now;
        await em.flush();
        return toUserRecord(row);
      },
      (cause) => duplicateOf(cause, duplicates(email, changes.username ?? email), emailTakenText(email)),
    );
  }

  closeAccount(email: string, status: 'deleted' | 'inactive'): Promise<void> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      const row = await needUser(em, email, false);
      row.status = status;
      row.modifiedAt = new Date();
      await em.flush();
      await em.nativeUpdate(KeypairEntity, { user: row.uuid }, { isActive: false });
    });
  }

  purge(email: string): Promise<void> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      const row = await needUser(em, email, false);
      const live = await em.count(SessionEntity, {
        userId: { $in: [...new Set([row.uuid, row.uuid.toLowerCase()])] },
        status: { $nin: TERMINAL_SESSION_STATUSES },
      });
      if (live > 0)
        throw DatabaseErrors.objectInUse(
          `user "${email}" still has ${counted(live, 'session')} that ${live === 1 ? 'is' : 'are'} not terminated`,
          { email, sessions: live },
        );
      const keys = (await em.find(KeypairEntity, { user: row.uuid }, { fields: ['accessKey'] })).map(
        (keypair) => keypair.accessKey,
      );
      for (const keypair of keys) {
        await rawRows(em, 'delete from resource_groups_for_keypairs where access_key = ?', [keypair]);
      }
      em.clear();
      await em.nativeDelete(KeypairEntity, { user: row.uuid });
      await rawRows(em, 'delete from association_groups_users where user_id = ?', [row.uuid]);
      await em.nativeDelete(UserEntity, { uuid: row.uuid });
    });
  }

  credentials(email: string): Promise<UserCredentials | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(UserEntity, { email });
      return row ? toUserCredentials(row) : null;
    });
  }
}

/** The listing's filter, or null when it can match nothing. */
function filterOf(em: EntityManager, query: UserListQuery): FilterQuery<UserRow> | null {
  const all: Array<FilterQuery<UserRow>> = [];
  if (query.domainName !== undefined) all.push({ domain: { name: query.domainName } });
  if (query.groupId !== undefined) {
    if (!isUuid(query.groupId)) return null;
    all.push({ groups: { id: query.groupId.toLowerCase() } });
  }
  if (query.statuses !== undefined) {
    if (query.statuses.length === 0) return null;
    all.push({ status: { $in: [...query.statuses] } });
  }
  if (query.search !== undefined && query.search !== '') {
    const search = query.search;
    all.push({
      $or: ['email', 'username', 'full_name'].map(
        (column) => ({ [containsIgnoringCase(em, column, search)]: { $gt: 0 } }) as FilterQuery<UserRow>,
      ),
    });
  }
  return all.length === 0 ? {} : { $and: all };
}

async function needDomain(em: EntityManager, name: string) {
  const domain = await em.findOne(DomainEntity, { name });
  if (!domain) throw DatabaseErrors.objectNotFound(`domain "${name}"`, { domainName: name });
  return domain;
}

async function needUser(em: EntityManager, email: string, withGroups: boolean): Promise<UserRow> {
  const row = await em.findOne(UserEntity, { email }, withGroups ? { populate: ['groups'] } : {});
  if (!row) throw DatabaseErrors.objectNotFound(`user with e-mail "${email}"`, { email });
  return row;
}

/** One of the user's own active keypairs, by access key: what may become its main keypair. */
async function ownActiveKeypair(em: EntityManager, user: UserRow, accessKey: string): Promise<string> {
  const keypair = await em.findOne(KeypairEntity, { accessKey, user: user.uuid });
  if (!keypair)
    throw DatabaseErrors.objectNotFound(`keypair "${accessKey}" of user "${user.email}"`, {
      mainAccessKey: accessKey,
    });
  if (!keypair.isActive)
    throw DatabaseErrors.objectInUse(
      `keypair "${accessKey}" is inactive and cannot be the main keypair of user "${user.email}"`,
      { mainAccessKey: accessKey },
    );
  return accessKey;
}

async function userPolicy(em: EntityManager, name: string | null) {
  if (name === null) return null;
  const policy = await em.findOne(UserResourcePolicyEntity, { name });
  if (!policy)
    throw DatabaseErrors.objectNotFound(`user resource policy "${name}"`, { resourcePolicy: name });
  return policy;
}

/** The projects with these ids, every one of which must exist in the domain. */
async function projectsIn(
  em: EntityManager,
  domainName: string,
  ids: readonly string[],
): Promise<GroupRow[]> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  const rows = await em.find(GroupEntity, {
    id: { $in: wanted.filter(isUuid) },
    domain: { name: domainName },
  });
  const found = new Set(rows.map((row) => row.id.toLowerCase()));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw DatabaseErrors.objectNotFound(
      `${missing.length === 1 ? 'project' : 'projects'} ${missing.map((id) => `"${id}"`).join(', ')} ` +
        `in domain "${domainName}"`,
      { groupIds: missing, domainName },
    );
  return rows;
}
