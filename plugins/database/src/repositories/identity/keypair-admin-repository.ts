import { QueryOrder, type EntityManager, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';
import type {
  KeypairAdminRepository,
  KeypairChanges,
  KeypairDetail,
  KeypairListQuery,
  NewKeypair,
  Page,
} from '@tessera/core';
import {
  KeypairEntity,
  KeypairResourcePolicyEntity,
  UserEntity,
  type KeypairResourcePolicyRow,
  type KeypairRow,
  type UserRow,
} from '../../entities';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';
import { toKeypairDetail } from '../../records/identity-records';
import { rawRows, writeAtomically } from './identity-support';

/** Keypairs as the admin API manages them. Secret keys are returned, never logged. */
export class OrmKeypairAdminRepository implements KeypairAdminRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(accessKey: string): Promise<KeypairDetail | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(KeypairEntity, { accessKey }, { populate: ['user'] });
      return row ? toKeypairDetail(row) : null;
    });
  }

  /**
   * One page in a stable order (the key, then the access key; keypairs never used sort last going
   * up), with their users joined, and the count of every match: at most two statements.
   */
  list(query: KeypairListQuery): Promise<Page<KeypairDetail>> {
    return this.work.read(async (em) => {
      const where: FilterQuery<KeypairRow> = {};
      const user: FilterQuery<UserRow> = {};
      if (query.domainName !== undefined) Object.assign(user, { domain: { name: query.domainName } });
      if (query.userEmail !== undefined) Object.assign(user, { email: query.userEmail });
      if (Object.keys(user).length > 0) where.user = user;
      if (query.isActive !== undefined) where.isActive = query.isActive;
      const ascending = query.ascending !== false;
      const direction = ascending ? QueryOrder.ASC : QueryOrder.DESC;
      const nulls = ascending ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_FIRST;
      const key = query.orderBy ?? 'createdAt';
      const first: QueryOrderMap<KeypairRow> =
        key === 'userEmail'
          ? { user: { email: direction } }
          : key === 'lastUsed'
            ? { lastUsed: nulls }
            : { [key]: direction };
      const rows = await em.find(KeypairEntity, where, {
        orderBy: key === 'accessKey' ? [first] : [first, { accessKey: direction }],
        limit: query.limit,
        offset: query.offset,
        populate: ['user'],
        strategy: 'joined',
      });
      const totalCount =
        query.offset === 0 && rows.length < query.limit ? rows.length : await em.count(KeypairEntity, where);
      return { totalCount, items: rows.map(toKeypairDetail) };
    });
  }

  create(userEmail: string, keypair: NewKeypair): Promise<KeypairDetail> {
    return writeAtomically(
      this.work,
      async (em) => {
        const user = await em.findOne(UserEntity, { email: userEmail });
        if (!user)
          throw DatabaseErrors.objectNotFound(`user with e-mail "${userEmail}"`, { email: userEmail });
        const policy = await keypairPolicy(em, keypair.resourcePolicy);
        if (await em.findOne(KeypairEntity, { accessKey: keypair.accessKey }))
          throw accessKeyTaken(keypair.accessKey);
        return toKeypairDetail(await createKeypair(em, user, policy, keypair));
      },
      () => accessKeyTaken(keypair.accessKey),
    );
  }

  modify(accessKey: string, changes: KeypairChanges): Promise<KeypairDetail> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      const row = await need(em, accessKey);
      if (changes.resourcePolicy !== undefined)
        row.resourcePolicy = await keypairPolicy(em, changes.resourcePolicy);
      if (changes.isActive !== undefined) row.isActive = changes.isActive;
      if (changes.isAdmin !== undefined) row.isAdmin = changes.isAdmin;
      if (changes.rateLimit !== undefined) row.rateLimit = changes.rateLimit;
      await em.flush();
      return toKeypairDetail(row);
    });
  }

  delete(accessKey: string): Promise<void> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      const row = await need(em, accessKey);
      if (row.user.mainAccessKey === accessKey)
        throw DatabaseErrors.objectInUse(
          `keypair "${accessKey}" is the main keypair of user "${row.user.email}" and cannot be deleted`,
          { accessKey, email: row.user.email },
        );
      await rawRows(em, 'delete from resource_groups_for_keypairs where access_key = ?', [accessKey]);
      em.clear();
      await em.nativeDelete(KeypairEntity, { accessKey });
    });
  }

  setSshKeypair(accessKey: string, publicKey: string, privateKey: string): Promise<void> {
    return this.work.transaction(async (tx) => {
      const row = await need(tx as EntityManager, accessKey);
      row.sshPublicKey = publicKey;
      row.sshPrivateKey = privateKey;
      await tx.flush();
    });
  }

  sshKeypair(accessKey: string): Promise<{ publicKey: string; privateKey: string } | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(KeypairEntity, { accessKey });
      if (!row?.sshPublicKey || !row.sshPrivateKey) return null;
      return { publicKey: row.sshPublicKey, privateKey: row.sshPrivateKey };
    });
  }
}

function accessKeyTaken(accessKey: string) {
  return DatabaseErrors.objectAlreadyExists(`a keypair with access key "${accessKey}"`, { accessKey });
}

async function need(em: EntityManager, accessKey: string): Promise<KeypairRow> {
  const row = await em.findOne(KeypairEntity, { accessKey }, { populate: ['user'] });
  if (!row) throw DatabaseErrors.objectNotFound(`keypair "${accessKey}"`, { accessKey });
  return row;
}

export async function keypairPolicy(em: EntityManager, name: string): Promise<KeypairResourcePolicyRow> {
  const policy = await em.findOne(KeypairResourcePolicyEntity, { name });
  if (!policy)
    throw DatabaseErrors.objectNotFound(`keypair resource policy "${name}"`, { resourcePolicy: name });
  return policy;
}

/** Inserts a keypair for `user` (whose checks the caller made) in the caller's transaction. */
export async function createKeypair(
  em: EntityManager,
  user: UserRow,
  policy: KeypairResourcePolicyRow,
  keypair: NewKeypair,
): Promise<KeypairRow> {
  const row = em.create(KeypairEntity, {
    accessKey: keypair.accessKey,
    secretKey: keypair.secretKey,
    user,
    isActive: keypair.isActive ?? true,
    isAdmin: keypair.isAdmin ?? false,
    rateLimit: keypair.rateLimit ?? 0,
    resourcePolicy: policy,
    sshPublicKey: null,
    sshPrivateKey: null,
    numQueries: 0,
    lastUsed: null,
    createdAt: new Date(),
  });
  await em.flush();
  return row;
}
