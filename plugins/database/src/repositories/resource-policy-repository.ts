import type {
  KeypairResourcePolicyRecord,
  OwnerLimits,
  ResourcePolicyRepository,
  SessionOwner,
} from '@tessera/core';
import { DomainEntity, GroupEntity, KeypairEntity, UserEntity } from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toKeypairResourcePolicyRecord } from '../records/resource-policy-record';

/** The limits the scheduler's quota predicates check: keypair, user, project and domain. */
export class OrmResourcePolicyRepository implements ResourcePolicyRepository {
  constructor(private readonly work: UnitOfWork) {}

  keypairPolicy(accessKey: string): Promise<KeypairResourcePolicyRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(KeypairEntity, { accessKey }, { populate: ['resourcePolicy'] });
      return row ? toKeypairResourcePolicyRecord(row.resourcePolicy) : null;
    });
  }

  limitsOf(owners: readonly SessionOwner[]): Promise<OwnerLimits> {
    return this.work.read(async (em) => {
      const limits: OwnerLimits = { keypairs: {}, users: {}, projects: {}, domains: {} };
      if (owners.length === 0) return limits;
      const distinct = <T>(values: T[]): T[] => [...new Set(values)];
      const accessKeys = distinct(owners.map((o) => o.accessKey));
      const userIds = distinct(owners.map((o) => o.userId)).filter(isUuid);

      const users = userIds.length ? await em.find(UserEntity, { uuid: { $in: userIds } }) : [];
      const mainKeys = new Map(
        users.filter((u) => u.mainAccessKey).map((u) => [u.uuid, u.mainAccessKey!] as const),
      );
      const keypairs = await em.find(
        KeypairEntity,
        { accessKey: { $in: distinct([...accessKeys, ...mainKeys.values()]) } },
        { populate: ['resourcePolicy'] },
      );
      const policyOf = new Map(
        keypairs.map((k) => [k.accessKey, toKeypairResourcePolicyRecord(k.resourcePolicy)] as const),
      );
      for (const accessKey of accessKeys) {
        const policy = policyOf.get(accessKey);
        if (policy) limits.keypairs[accessKey] = policy;
      }
      for (const [userId, mainKey] of mainKeys) {
        const policy = policyOf.get(mainKey);
        if (policy) limits.users[userId] = policy;
      }

      const domainNames = distinct(owners.map((o) => o.domainName));
      for (const domain of await em.find(DomainEntity, { name: { $in: domainNames } })) {
        limits.domains[domain.name] = { ...domain.totalResourceSlots };
      }
      const projectNames = distinct(owners.map((o) => o.groupName));
      const projects = await em.find(GroupEntity, {
        name: { $in: projectNames },
        domain: { name: { $in: domainNames } },
      });
      for (const project of projects) {
        limits.projects[`${project.domain.name}/${project.name}`] = { ...project.totalResourceSlots };
      }
      return limits;
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sessions name their user by uuid; anything else cannot match a users row (and would not cast). */
function isUuid(text: string): boolean {
  return UUID.test(text);
}
