import type {
  DomainRecord,
  KeypairDetail,
  KeypairResourcePolicyDetail,
  ProjectRecord,
  ProjectResourcePolicyRecord,
  UserCredentials,
  UserRecord,
  UserResourcePolicyRecord,
} from '@tessera/core';
import type {
  DomainRow,
  GroupRow,
  KeypairResourcePolicyRow,
  KeypairRow,
  ProjectResourcePolicyRow,
  UserResourcePolicyRow,
  UserRow,
} from '../entities';
import { toKeypairResourcePolicyRecord } from './resource-policy-record';

/** Copies of the JSON columns, so a caller never holds the entity's own objects. */
function grants(hosts: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(hosts ?? {}).map(([host, what]) => [host, [...what]]));
}

export function toDomainRecord(row: DomainRow, scalingGroups: readonly string[]): DomainRecord {
  return {
    name: row.name,
    description: row.description,
    isActive: row.isActive,
    totalResourceSlots: { ...row.totalResourceSlots },
    allowedVfolderHosts: grants(row.allowedVfolderHosts),
    allowedDockerRegistries: [...(row.allowedDockerRegistries ?? [])],
    integrationId: row.integrationId,
    scalingGroups: [...scalingGroups].sort(),
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
}

/** `domain` and `resourcePolicy` only need to be referenced. */
export function toProjectRecord(row: GroupRow, scalingGroups: readonly string[]): ProjectRecord {
  return {
    id: row.id,
    name: row.name,
    domainName: row.domain.name,
    type: row.type,
    description: row.description,
    isActive: row.isActive,
    totalResourceSlots: { ...row.totalResourceSlots },
    allowedVfolderHosts: grants(row.allowedVfolderHosts),
    integrationId: row.integrationId,
    resourcePolicy: row.resourcePolicy?.name ?? null,
    scalingGroups: [...scalingGroups].sort(),
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
}

/** Needs `groups` loaded. The password hash stays out. */
export function toUserRecord(row: UserRow): UserRecord {
  return {
    uuid: row.uuid,
    email: row.email,
    username: row.username,
    needPasswordChange: row.needPasswordChange,
    fullName: row.fullName,
    description: row.description,
    status: row.status,
    statusInfo: row.statusInfo,
    role: row.role,
    domainName: row.domain.name,
    resourcePolicy: row.resourcePolicy?.name ?? null,
    mainAccessKey: row.mainAccessKey,
    groups: row.groups
      .getItems()
      .map((group) => ({ id: group.id, name: group.name }))
      .sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id)),
    passwordChangedAt: row.passwordChangedAt ?? null,
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
}

export function toUserCredentials(row: UserRow): UserCredentials {
  return {
    uuid: row.uuid,
    email: row.email,
    domainName: row.domain.name,
    role: row.role,
    status: row.status,
    passwordHash: row.passwordHash,
    needPasswordChange: row.needPasswordChange,
    passwordChangedAt: row.passwordChangedAt ?? null,
  };
}

/** Needs `user` loaded (its domain and the policy only referenced). */
export function toKeypairDetail(row: KeypairRow): KeypairDetail {
  return {
    accessKey: row.accessKey,
    secretKey: row.secretKey,
    userUuid: row.user.uuid,
    userEmail: row.user.email,
    userFullName: row.user.fullName,
    domainName: row.user.domain.name,
    isActive: row.isActive,
    isAdmin: row.isAdmin,
    resourcePolicy: row.resourcePolicy.name,
    rateLimit: row.rateLimit,
    numQueries: row.numQueries,
    sshPublicKey: row.sshPublicKey,
    lastUsed: row.lastUsed,
    createdAt: row.createdAt,
    isMain: row.user.mainAccessKey === row.accessKey,
  };
}

export function toKeypairPolicyDetail(row: KeypairResourcePolicyRow): KeypairResourcePolicyDetail {
  return {
    ...toKeypairResourcePolicyRecord(row),
    maxSessionLifetime: row.maxSessionLifetime,
    idleTimeout: row.idleTimeout,
    allowedVfolderHosts: grants(row.allowedVfolderHosts),
    maxVfolderCount: row.maxVfolderCount,
    maxVfolderSize: Number(row.maxVfolderSize),
    maxVfolderMounts: row.maxVfolderMounts,
    createdAt: row.createdAt,
  };
}

export function toUserPolicyRecord(row: UserResourcePolicyRow): UserResourcePolicyRecord {
  return {
    name: row.name,
    maxVfolderCount: row.maxVfolderCount,
    maxQuotaScopeSize: Number(row.maxQuotaScopeSize),
    maxSessionCountPerModelSession: row.maxSessionCountPerModelSession,
    maxCustomizedImageCount: row.maxCustomizedImageCount,
    createdAt: row.createdAt,
  };
}

export function toProjectPolicyRecord(row: ProjectResourcePolicyRow): ProjectResourcePolicyRecord {
  return {
    name: row.name,
    maxVfolderCount: row.maxVfolderCount,
    maxQuotaScopeSize: Number(row.maxQuotaScopeSize),
    maxNetworkCount: row.maxNetworkCount,
    createdAt: row.createdAt,
  };
}

/** Code-point order, the same on every machine (names are compared, not shown). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
