import type { EntityManager, EntitySchema } from '@mikro-orm/postgresql';
import type {
  KeypairResourcePolicyDetail,
  NamedPolicyStore,
  ProjectResourcePolicyRecord,
  ResourcePolicyAdmin,
  UserResourcePolicyRecord,
} from '@tessera/core';
import {
  GroupEntity,
  KeypairEntity,
  KeypairResourcePolicyEntity,
  ProjectResourcePolicyEntity,
  UserEntity,
  UserResourcePolicyEntity,
} from '../../entities';
import { DatabaseErrors } from '../../orm/database-errors';
import type { UnitOfWork } from '../../orm/unit-of-work';
import {
  compare,
  toKeypairPolicyDetail,
  toProjectPolicyRecord,
  toUserPolicyRecord,
} from '../../records/identity-records';
import { counted, writeAtomically } from './identity-support';

interface PolicyKind<Row extends { name: string; createdAt: Date }, Detail> {
  /** `keypair resource policy`, ... */
  title: string;
  entity: EntitySchema<Row>;
  /** Every column but the name and creation time, for a new row. */
  defaults: () => Omit<Row, 'name' | 'createdAt'>;
  toRecord: (row: Row) => Detail;
  /** What names a policy (`keypair`), and how many of them name this one. */
  referrer: { what: string; count: (em: EntityManager, name: string) => Promise<number> };
}

/** The columns a change sets: every given field, JSON ones copied. */
function assigned(changes: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || key === 'name' || key === 'createdAt') continue;
    fields[key] = value !== null && typeof value === 'object' ? structuredClone(value) : value;
  }
  return fields;
}

class OrmPolicyStore<
  Row extends { name: string; createdAt: Date },
  Detail extends { name: string; createdAt: Date },
> implements NamedPolicyStore<Detail> {
  constructor(
    private readonly work: UnitOfWork,
    private readonly kind: PolicyKind<Row, Detail>,
  ) {}

  get(name: string): Promise<Detail | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(this.kind.entity, { name } as never);
      return row ? this.kind.toRecord(row as Row) : null;
    });
  }

  list(): Promise<Detail[]> {
    return this.work.read(async (em) => {
      const rows = (await em.find(this.kind.entity, {})) as Row[];
      return rows.sort((a, b) => compare(a.name, b.name)).map(this.kind.toRecord);
    });
  }

  create(policy: Pick<Detail, 'name'> & Partial<Omit<Detail, 'name' | 'createdAt'>>): Promise<Detail> {
    const taken = () =>
      DatabaseErrors.objectAlreadyExists(`a ${this.kind.title} named "${policy.name}"`, {
        name: policy.name,
      });
    return writeAtomically(
      this.work,
      async (em) => {
        if (await em.findOne(this.kind.entity, { name: policy.name } as never)) throw taken();
        const row = em.create(this.kind.entity, {
          ...this.kind.defaults(),
          ...assigned(policy),
          name: policy.name,
          createdAt: new Date(),
        } as never) as Row;
        await em.flush();
        return this.kind.toRecord(row);
      },
      taken,
    );
  }

  modify(name: string, changes: Partial<Omit<Detail, 'name' | 'createdAt'>>): Promise<Detail> {
    return this.work.transaction(async (tx) => {
      const row = await this.need(tx as EntityManager, name);
      Object.assign(row, assigned(changes));
      await tx.flush();
      return this.kind.toRecord(row);
    });
  }

  delete(name: string): Promise<void> {
    return this.work.transaction(async (tx) => {
      const em = tx as EntityManager;
      await this.need(em, name);
      const { what, count } = this.kind.referrer;
      const users = await count(em, name);
      if (users > 0)
        throw DatabaseErrors.objectInUse(
          `${this.kind.title} "${name}" is still used by ${counted(users, what)}`,
          { name, [`${what}s`]: users },
        );
      em.clear();
      await em.nativeDelete(this.kind.entity, { name } as never);
    });
  }

  private async need(em: EntityManager, name: string): Promise<Row> {
    const row = (await em.findOne(this.kind.entity, { name } as never)) as Row | null;
    if (!row) throw DatabaseErrors.objectNotFound(`${this.kind.title} "${name}"`, { name });
    return row;
  }
}

/** The three kinds of named resource policy. */
export class OrmResourcePolicyAdmin implements ResourcePolicyAdmin {
  readonly keypair: NamedPolicyStore<KeypairResourcePolicyDetail>;
  readonly user: NamedPolicyStore<UserResourcePolicyRecord>;
  readonly project: NamedPolicyStore<ProjectResourcePolicyRecord>;

  constructor(work: UnitOfWork) {
    this.keypair = new OrmPolicyStore(work, {
      title: 'keypair resource policy',
      entity: KeypairResourcePolicyEntity,
      defaults: () => ({
        defaultForUnspecified: 'UNLIMITED' as const,
        totalResourceSlots: {},
        maxSessionLifetime: 0,
        maxConcurrentSessions: 0,
        maxConcurrentSftpSessions: 1,
        maxPendingSessionCount: null,
        maxPendingSessionResourceSlots: null,
        maxContainersPerSession: 1,
        maxPriority: 10,
        idleTimeout: 0,
        allowedVfolderHosts: {},
        maxVfolderCount: 0,
        maxVfolderSize: 0,
        maxVfolderMounts: 0,
      }),
      toRecord: toKeypairPolicyDetail,
      referrer: {
        what: 'keypair',
        count: (em, name) => em.count(KeypairEntity, { resourcePolicy: { name } }),
      },
    });
    this.user = new OrmPolicyStore(work, {
      title: 'user resource policy',
      entity: UserResourcePolicyEntity,
      defaults: () => ({
        maxVfolderCount: 0,
        maxQuotaScopeSize: -1,
        maxSessionCountPerModelSession: 10,
        maxCustomizedImageCount: 3,
      }),
      toRecord: toUserPolicyRecord,
      referrer: {
        what: 'user',
        count: (em, name) => em.count(UserEntity, { resourcePolicy: { name } }),
      },
    });
    this.project = new OrmPolicyStore(work, {
      title: 'project resource policy',
      entity: ProjectResourcePolicyEntity,
      defaults: () => ({ maxVfolderCount: 0, maxQuotaScopeSize: -1, maxNetworkCount: 3 }),
      toRecord: toProjectPolicyRecord,
      referrer: {
        what: 'project',
        count: (em, name) => em.count(GroupEntity, { resourcePolicy: { name } }),
      },
    });
  }
}
