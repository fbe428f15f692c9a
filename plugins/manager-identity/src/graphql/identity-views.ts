import type {
  DomainRecord,
  KeypairDetail,
  KeypairResourcePolicyDetail,
  ProjectRecord,
  ProjectResourcePolicyRecord,
  UserRecord,
  UserResourcePolicyRecord,
} from '@tessera/core';
import type {
  Domain,
  Group,
  KeyPair,
  KeyPairResourcePolicy,
  ProjectResourcePolicy,
  User,
  UserResourcePolicy,
} from './identity-types';

/** Records as the admin API shows them (identity-types.ts). */

export function toDomain(domain: DomainRecord): Domain {
  return {
    name: domain.name,
    description: domain.description,
    is_active: domain.isActive,
    created_at: domain.createdAt,
    modified_at: domain.modifiedAt,
    total_resource_slots: domain.totalResourceSlots,
    allowed_vfolder_hosts: Object.keys(domain.allowedVfolderHosts).sort(),
    allowed_docker_registries: domain.allowedDockerRegistries,
    integration_id: domain.integrationId,
    scaling_groups: domain.scalingGroups,
  };
}

export function toGroup(project: ProjectRecord): Group {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    is_active: project.isActive,
    created_at: project.createdAt,
    modified_at: project.modifiedAt,
    domain_name: project.domainName,
    type: project.type,
    total_resource_slots: project.totalResourceSlots,
    allowed_vfolder_hosts: Object.keys(project.allowedVfolderHosts).sort(),
    integration_id: project.integrationId,
    resource_policy: project.resourcePolicy,
    scaling_groups: project.scalingGroups,
  };
}

export function toUser(user: UserRecord): User {
  return {
    uuid: user.uuid,
    id: user.uuid,
    username: user.username,
    email: user.email,
    password: null,
    need_password_change: user.needPasswordChange,
    full_name: user.fullName,
    description: user.description,
    is_active: user.status === 'active',
    status: user.status,
    status_info: user.statusInfo,
    created_at: user.createdAt,
    modified_at: user.modifiedAt,
    password_changed_at: user.passwordChangedAt,
    domain_name: user.domainName,
    role: user.role,
    resource_policy: user.resourcePolicy,
    main_access_key: user.mainAccessKey,
    groups: user.groups.map((group) => ({ id: group.id, name: group.name })),
    allowed_client_ip: null,
  };
}

/** A keypair; the secret key only when `showSecret` (its owner or a superadmin asks, or it was just made). */
export function toKeyPair(keypair: KeypairDetail, showSecret: boolean): KeyPair {
  return {
    user_id: keypair.userEmail,
    user: keypair.userUuid,
    access_key: keypair.accessKey,
    secret_key: showSecret ? keypair.secretKey : null,
    is_active: keypair.isActive,
    is_admin: keypair.isAdmin,
    resource_policy: keypair.resourcePolicy,
    created_at: keypair.createdAt,
    last_used: keypair.lastUsed,
    rate_limit: keypair.rateLimit,
    num_queries: keypair.numQueries,
    ssh_public_key: keypair.sshPublicKey,
    concurrency_used: null,
    concurrency_limit: 0,
    domain_name: keypair.domainName,
    is_main: keypair.isMain,
    user_info: { email: keypair.userEmail, full_name: keypair.userFullName },
    modified_at: null,
    dotfiles: null,
    bootstrap_script: null,
  };
}

export function toKeypairPolicy(policy: KeypairResourcePolicyDetail): KeyPairResourcePolicy {
  return {
    name: policy.name,
    created_at: policy.createdAt,
    default_for_unspecified: policy.defaultForUnspecified,
    total_resource_slots: policy.totalResourceSlots,
    max_session_lifetime: policy.maxSessionLifetime,
    max_concurrent_sessions: policy.maxConcurrentSessions,
    max_concurrent_sftp_sessions: policy.maxConcurrentSftpSessions,
    max_pending_session_count: policy.maxPendingSessionCount,
    max_pending_session_resource_slots: policy.maxPendingSessionResourceSlots,
    max_containers_per_session: policy.maxContainersPerSession,
    max_priority: policy.maxPriority,
    idle_timeout: policy.idleTimeout,
    max_vfolder_count: policy.maxVfolderCount,
    max_vfolder_size: policy.maxVfolderSize,
    max_vfolder_mounts: policy.maxVfolderMounts,
    allowed_vfolder_hosts: Object.keys(policy.allowedVfolderHosts).sort(),
  };
}

export function toUserPolicy(policy: UserResourcePolicyRecord): UserResourcePolicy {
  return {
    name: policy.name,
    created_at: policy.createdAt,
    max_vfolder_count: policy.maxVfolderCount,
    max_quota_scope_size: policy.maxQuotaScopeSize,
    max_session_count_per_model_session: policy.maxSessionCountPerModelSession,
    max_customized_image_count: policy.maxCustomizedImageCount,
  };
}

export function toProjectPolicy(policy: ProjectResourcePolicyRecord): ProjectResourcePolicy {
  return {
    name: policy.name,
    created_at: policy.createdAt,
    max_vfolder_count: policy.maxVfolderCount,
    max_quota_scope_size: policy.maxQuotaScopeSize,
    max_network_count: policy.maxNetworkCount,
  };
}
