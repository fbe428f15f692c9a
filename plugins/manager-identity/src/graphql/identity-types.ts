import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { BigIntScalar, DateTimeScalar, JSONStringScalar, UUIDScalar } from '@tessera/manager';

/*
 * The admin API's identity types (api-spec §8.5, §8.9-8.12) with Backend.AI's snake_case names.
 * Each is filled from a repository record by identity-views.ts; fields Tessera does not keep
 * answer null.
 */

@ObjectType('Domain', { description: 'A domain: the top tenant, holding projects and users.' })
export class Domain {
  @Field(() => String) name!: string;
  @Field(() => String) description!: string | null;
  @Field(() => Boolean) is_active!: boolean;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => DateTimeScalar) modified_at!: Date;
  @Field(() => JSONStringScalar, { description: 'ResourceSlot map' }) total_resource_slots!: unknown;
  @Field(() => [String], { description: 'Storage hosts (proxy:volume) the domain may use' })
  allowed_vfolder_hosts!: string[];
  @Field(() => [String]) allowed_docker_registries!: string[];
  @Field(() => String) integration_id!: string | null;
  @Field(() => [String], { description: 'Resource groups associated with the domain' })
  scaling_groups!: string[];
}

@ObjectType('Group', { description: 'A project (Backend.AI group) of a domain, with members.' })
export class Group {
  @Field(() => UUIDScalar) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string | null;
  @Field(() => Boolean) is_active!: boolean;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => DateTimeScalar) modified_at!: Date;
  @Field(() => String) domain_name!: string;
  @Field(() => String, { description: 'GENERAL or MODEL_STORE' }) type!: string;
  @Field(() => JSONStringScalar) total_resource_slots!: unknown;
  @Field(() => [String]) allowed_vfolder_hosts!: string[];
  @Field(() => String) integration_id!: string | null;
  @Field(() => String, { description: 'The project resource policy' }) resource_policy!: string | null;
  @Field(() => [String]) scaling_groups!: string[];
}

@ObjectType('UserGroup', { description: 'A project a user belongs to.' })
export class UserGroup {
  @Field(() => UUIDScalar) id!: string;
  @Field(() => String) name!: string;
}

@ObjectType('User', { description: 'A user account. password is never answered (always null).' })
export class User {
  @Field(() => UUIDScalar) uuid!: string;
  @Field(() => UUIDScalar, { description: 'The same as uuid' }) id!: string;
  @Field(() => String) username!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { description: 'Always null: passwords are never answered' }) password!: null;
  @Field(() => Boolean) need_password_change!: boolean;
  @Field(() => String) full_name!: string | null;
  @Field(() => String) description!: string | null;
  @Field(() => Boolean, { description: 'Whether status is active' }) is_active!: boolean;
  @Field(() => String, { description: 'active, inactive, deleted or before-verification' })
  status!: string;
  @Field(() => String) status_info!: string | null;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => DateTimeScalar) modified_at!: Date;
  @Field(() => DateTimeScalar) password_changed_at!: Date | null;
  @Field(() => String) domain_name!: string;
  @Field(() => String, { description: 'superadmin, admin, user or monitor' }) role!: string;
  @Field(() => String, { description: 'The user resource policy' }) resource_policy!: string | null;
  @Field(() => String) main_access_key!: string | null;
  @Field(() => [UserGroup]) groups!: UserGroup[];
  @Field(() => [String], {
    description: 'Client addresses the user may sign in from; null: no restriction (none is kept)',
  })
  allowed_client_ip!: string[] | null;
}

@ObjectType('UserList')
export class UserList {
  @Field(() => Int) total_count!: number;
  @Field(() => [User]) items!: User[];
}

@ObjectType('UserInfo', { description: "A keypair's owner, as upstream's KeyPair.user_info" })
export class UserInfo {
  @Field(() => String) email!: string;
  @Field(() => String) full_name!: string | null;
}

@ObjectType('KeyPair', {
  description:
    'An API keypair. secret_key is answered to the keypair owner and superadmins only (null otherwise).',
})
export class KeyPair {
  @Field(() => String, { description: "The owner's e-mail (legacy user id)" }) user_id!: string;
  @Field(() => UUIDScalar, { description: "The owner's uuid" }) user!: string;
  @Field(() => String) access_key!: string;
  @Field(() => String) secret_key!: string | null;
  @Field(() => Boolean) is_active!: boolean;
  @Field(() => Boolean) is_admin!: boolean;
  @Field(() => String) resource_policy!: string;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => DateTimeScalar) last_used!: Date | null;
  @Field(() => Int) rate_limit!: number;
  @Field(() => Int) num_queries!: number;
  @Field(() => String) ssh_public_key!: string | null;
  @Field(() => Int, { description: 'Not tracked here (null)' }) concurrency_used!: null;
  @Field(() => Int, {
    deprecationReason: 'Moved to KeyPairResourcePolicy.max_concurrent_sessions (always 0, as upstream)',
  })
  concurrency_limit!: number;
  @Field(() => String) domain_name!: string;
  @Field(() => Boolean, { description: "Whether it is its user's main keypair" }) is_main!: boolean;
  @Field(() => UserInfo) user_info!: UserInfo;
  @Field(() => DateTimeScalar, { description: 'Not tracked here (null)' }) modified_at!: null;
  @Field(() => String, { description: 'Per-user dotfiles are not kept yet (null)' }) dotfiles!: null;
  @Field(() => String, { description: 'Per-user bootstrap scripts are not kept yet (null)' })
  bootstrap_script!: null;
}

@ObjectType('KeyPairList')
export class KeyPairList {
  @Field(() => Int) total_count!: number;
  @Field(() => [KeyPair]) items!: KeyPair[];
}

@ObjectType('KeyPairResourcePolicy')
export class KeyPairResourcePolicy {
  @Field(() => String) name!: string;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => String, { description: 'LIMITED or UNLIMITED' }) default_for_unspecified!: string;
  @Field(() => JSONStringScalar) total_resource_slots!: unknown;
  @Field(() => Int) max_session_lifetime!: number;
  @Field(() => Int) max_concurrent_sessions!: number;
  @Field(() => Int) max_concurrent_sftp_sessions!: number;
  @Field(() => Int) max_pending_session_count!: number | null;
  @Field(() => JSONStringScalar) max_pending_session_resource_slots!: unknown;
  @Field(() => Int) max_containers_per_session!: number;
  @Field(() => Int) max_priority!: number;
  @Field(() => BigIntScalar, { description: 'Seconds' }) idle_timeout!: number;
  @Field(() => Int) max_vfolder_count!: number;
  @Field(() => BigIntScalar) max_vfolder_size!: number;
  @Field(() => Int, { description: 'Tessera: folders a session may mount by name; 0 is unlimited' })
  max_vfolder_mounts!: number;
  @Field(() => [String]) allowed_vfolder_hosts!: string[];
}

@ObjectType('UserResourcePolicy')
export class UserResourcePolicy {
  @Field(() => String) name!: string;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => Int) max_vfolder_count!: number;
  @Field(() => BigIntScalar) max_quota_scope_size!: number;
  @Field(() => Int) max_session_count_per_model_session!: number;
  @Field(() => Int) max_customized_image_count!: number;
}

@ObjectType('ProjectResourcePolicy')
export class ProjectResourcePolicy {
  @Field(() => String) name!: string;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => Int) max_vfolder_count!: number;
  @Field(() => BigIntScalar) max_quota_scope_size!: number;
  @Field(() => Int) max_network_count!: number;
}
