import 'reflect-metadata';
import { Field, InputType, Int } from 'type-graphql';
import { BigIntScalar, JSONStringScalar } from '@tessera/manager';

/*
 * The mutations' inputs with Backend.AI's names. A field left out or set to null is not changed
 * (upstream: "set the field to None to skip setting the value").
 */

@InputType('DomainInput')
export class DomainInput {
  @Field(() => String) description?: string | null;
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => JSONStringScalar) total_resource_slots?: unknown;
  @Field(() => [String]) allowed_vfolder_hosts?: string[] | null;
  @Field(() => [String]) allowed_docker_registries?: string[] | null;
  @Field(() => String) integration_id?: string | null;
}

@InputType('ModifyDomainInput')
export class ModifyDomainInput extends DomainInput {
  @Field(() => String, { description: 'A new name (renames the domain)' }) name?: string | null;
}

@InputType('GroupInput')
export class GroupInput {
  @Field(() => String) description?: string | null;
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => String, { nullable: false }) domain_name!: string;
  @Field(() => String, { description: 'GENERAL (default) or MODEL_STORE' }) type?: string | null;
  @Field(() => JSONStringScalar) total_resource_slots?: unknown;
  @Field(() => [String]) allowed_vfolder_hosts?: string[] | null;
  @Field(() => String) integration_id?: string | null;
  @Field(() => String) resource_policy?: string | null;
}

@InputType('ModifyGroupInput')
export class ModifyGroupInput {
  @Field(() => String) name?: string | null;
  @Field(() => String) description?: string | null;
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => String, { description: 'Must stay the project’s domain' }) domain_name?: string | null;
  @Field(() => JSONStringScalar) total_resource_slots?: unknown;
  @Field(() => String, { description: 'add or remove: what to do with user_uuids' })
  user_update_mode?: string | null;
  @Field(() => [String]) user_uuids?: string[] | null;
  @Field(() => [String]) allowed_vfolder_hosts?: string[] | null;
  @Field(() => String) integration_id?: string | null;
  @Field(() => String) resource_policy?: string | null;
}

@InputType('UserInput')
export class UserInput {
  @Field(() => String, { nullable: false }) username!: string;
  @Field(() => String, { nullable: false }) password!: string;
  @Field(() => Boolean, { nullable: false }) need_password_change!: boolean;
  @Field(() => String) full_name?: string | null;
  @Field(() => String) description?: string | null;
  @Field(() => Boolean, { description: 'false: status inactive' }) is_active?: boolean | null;
  @Field(() => String) status?: string | null;
  @Field(() => String, { nullable: false }) domain_name!: string;
  @Field(() => String, { description: 'superadmin, admin, user (default) or monitor' }) role?: string | null;
  @Field(() => [String], { description: 'Project ids to join' }) group_ids?: string[] | null;
  @Field(() => String, { description: 'The user resource policy' }) resource_policy?: string | null;
  @Field(() => String, { description: "The main keypair's resource policy (default: default)" })
  keypair_resource_policy?: string | null;
}

@InputType('ModifyUserInput')
export class ModifyUserInput {
  @Field(() => String) username?: string | null;
  @Field(() => String) password?: string | null;
  @Field(() => Boolean) need_password_change?: boolean | null;
  @Field(() => String) full_name?: string | null;
  @Field(() => String) description?: string | null;
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => String) status?: string | null;
  @Field(() => String) domain_name?: string | null;
  @Field(() => String) role?: string | null;
  @Field(() => [String], { description: 'Replaces the memberships' }) group_ids?: string[] | null;
  @Field(() => String) resource_policy?: string | null;
  @Field(() => String, {
    description: "Another of the user's own active keypairs, to become its main keypair (upstream 23.09)",
  })
  main_access_key?: string | null;
}

@InputType('PurgeUserInput')
export class PurgeUserInput {
  @Field(() => Boolean, { description: 'Accepted for compatibility; vfolders are not managed here yet' })
  purge_shared_vfolders?: boolean | null;
}

@InputType('KeyPairInput')
export class KeyPairInput {
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => Boolean) is_admin?: boolean | null;
  @Field(() => String, { nullable: false }) resource_policy!: string;
  @Field(() => Int, { description: 'Deprecated and ignored' }) concurrency_limit?: number | null;
  @Field(() => Int, { nullable: false }) rate_limit!: number;
}

@InputType('ModifyKeyPairInput')
export class ModifyKeyPairInput {
  @Field(() => Boolean) is_active?: boolean | null;
  @Field(() => Boolean) is_admin?: boolean | null;
  @Field(() => String) resource_policy?: string | null;
  @Field(() => Int, { description: 'Deprecated and ignored' }) concurrency_limit?: number | null;
  @Field(() => Int) rate_limit?: number | null;
}

@InputType('ModifyKeyPairResourcePolicyInput')
export class ModifyKeyPairResourcePolicyInput {
  @Field(() => String, { description: 'LIMITED or UNLIMITED' }) default_for_unspecified?: string | null;
  @Field(() => JSONStringScalar) total_resource_slots?: unknown;
  @Field(() => Int) max_session_lifetime?: number | null;
  @Field(() => Int) max_concurrent_sessions?: number | null;
  @Field(() => Int) max_concurrent_sftp_sessions?: number | null;
  @Field(() => Int) max_containers_per_session?: number | null;
  @Field(() => BigIntScalar, { description: 'Seconds' }) idle_timeout?: number | null;
  @Field(() => Int) max_vfolder_count?: number | null;
  @Field(() => BigIntScalar) max_vfolder_size?: number | null;
  @Field(() => Int, { description: 'Tessera: folders a session may mount by name; 0 is unlimited' })
  max_vfolder_mounts?: number | null;
  @Field(() => [String]) allowed_vfolder_hosts?: string[] | null;
}

@InputType('CreateKeyPairResourcePolicyInput')
export class CreateKeyPairResourcePolicyInput extends ModifyKeyPairResourcePolicyInput {}

@InputType('ModifyUserResourcePolicyInput')
export class ModifyUserResourcePolicyInput {
  @Field(() => Int) max_vfolder_count?: number | null;
  @Field(() => BigIntScalar) max_quota_scope_size?: number | null;
  @Field(() => Int) max_session_count_per_model_session?: number | null;
  @Field(() => Int) max_customized_image_count?: number | null;
}

@InputType('CreateUserResourcePolicyInput')
export class CreateUserResourcePolicyInput extends ModifyUserResourcePolicyInput {}

@InputType('ModifyProjectResourcePolicyInput')
export class ModifyProjectResourcePolicyInput {
  @Field(() => Int) max_vfolder_count?: number | null;
  @Field(() => BigIntScalar) max_quota_scope_size?: number | null;
  @Field(() => Int) max_network_count?: number | null;
}

@InputType('CreateProjectResourcePolicyInput')
export class CreateProjectResourcePolicyInput extends ModifyProjectResourcePolicyInput {}
