import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Database, type KeypairResourcePolicyChanges } from '@tessera/core';
import { userSlots, type GraphQLContext } from '@tessera/manager';
import { checkCount, checkEnum, checkHosts, checkName } from './input-checks';
import {
  CreateKeyPairResourcePolicyInput,
  CreateProjectResourcePolicyInput,
  CreateUserResourcePolicyInput,
  ModifyKeyPairResourcePolicyInput,
  ModifyProjectResourcePolicyInput,
  ModifyUserResourcePolicyInput,
} from './identity-inputs';
import { KeyPairResourcePolicy, ProjectResourcePolicy, UserResourcePolicy } from './identity-types';
import { toKeypairPolicy, toProjectPolicy, toUserPolicy } from './identity-views';
import {
  CreateKeyPairResourcePolicy,
  CreateProjectResourcePolicy,
  CreateUserResourcePolicy,
  DeleteKeyPairResourcePolicy,
  DeleteProjectResourcePolicy,
  DeleteUserResourcePolicy,
  ModifyKeyPairResourcePolicy,
  ModifyProjectResourcePolicy,
  ModifyUserResourcePolicy,
  type Outcome,
} from './mutation-payloads';
import { given, outcome } from './outcome';

type Counts<T> = { [K in keyof T]?: number | null };

/**
 * Keypair, user and project resource policies (api-spec §8.12): written by superadmins only;
 * admins and monitors read them all, a user only its own keypair's policy.
 */
@Resolver(() => KeyPairResourcePolicy)
@injectable()
export class PolicyResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => KeyPairResourcePolicy, {
    name: 'keypair_resource_policy',
    description: "One keypair resource policy (default: the caller keypair's); null when there is none.",
  })
  async keypairResourcePolicy(
    @Arg('name', () => String) name: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<KeyPairResourcePolicy | null> {
    const asked = given(name) ?? caller.resourcePolicy;
    access.authorize(caller, 'keypair-policy.read', { resourcePolicy: asked });
    const policy = await this.db.identity.policies.keypair.get(asked);
    return policy ? toKeypairPolicy(policy) : null;
  }

  @Query(() => [KeyPairResourcePolicy], {
    name: 'keypair_resource_policies',
    description: "Every keypair resource policy the caller may see (a user: its keypair's).",
  })
  async keypairResourcePolicies(@Ctx() { caller, access }: GraphQLContext): Promise<KeyPairResourcePolicy[]> {
    const scope = access.scopeOf(caller, 'keypair-policy.read');
    access.authorize(
      caller,
      'keypair-policy.read',
      scope === 'any' ? undefined : { resourcePolicy: caller.resourcePolicy },
    );
    const policies = await this.db.identity.policies.keypair.list();
    return policies
      .filter((policy) => scope === 'any' || policy.name === caller.resourcePolicy)
      .map(toKeypairPolicy);
  }

  @Query(() => UserResourcePolicy, {
    name: 'user_resource_policy',
    description:
      "One user resource policy by name (default: the caller's user's, as upstream); null when there is none.",
  })
  async userResourcePolicy(
    @Arg('name', () => String) name: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<UserResourcePolicy | null> {
    access.authorize(caller, 'policy.read');
    const asked = given(name) ?? (await this.db.identity.users.get(caller.userId))?.resourcePolicy;
    if (asked === undefined || asked === null) return null;
    const policy = await this.db.identity.policies.user.get(asked);
    return policy ? toUserPolicy(policy) : null;
  }

  @Query(() => [UserResourcePolicy], { name: 'user_resource_policies' })
  async userResourcePolicies(@Ctx() { caller, access }: GraphQLContext): Promise<UserResourcePolicy[]> {
    access.authorize(caller, 'policy.read');
    return (await this.db.identity.policies.user.list()).map(toUserPolicy);
  }

  @Query(() => ProjectResourcePolicy, {
    name: 'project_resource_policy',
    description: 'One project resource policy by name.',
  })
  async projectResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ProjectResourcePolicy | null> {
    access.authorize(caller, 'policy.read');
    const policy = await this.db.identity.policies.project.get(name);
    return policy ? toProjectPolicy(policy) : null;
  }

  @Query(() => [ProjectResourcePolicy], { name: 'project_resource_policies' })
  async projectResourcePolicies(@Ctx() { caller, access }: GraphQLContext): Promise<ProjectResourcePolicy[]> {
    access.authorize(caller, 'policy.read');
    return (await this.db.identity.policies.project.list()).map(toProjectPolicy);
  }

  @Mutation(() => CreateKeyPairResourcePolicy, { name: 'create_keypair_resource_policy' })
  async createKeypairResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => CreateKeyPairResourcePolicyInput, { nullable: false })
    props: CreateKeyPairResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<KeyPairResourcePolicy>> {
    access.authorize(caller, 'policy.create');
    checkName(name, 'name');
    const changes = keypairPolicyChanges(props);
    return outcome(async () =>
      toKeypairPolicy(await this.db.identity.policies.keypair.create({ ...changes, name })),
    );
  }

  @Mutation(() => ModifyKeyPairResourcePolicy, { name: 'modify_keypair_resource_policy' })
  async modifyKeypairResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyKeyPairResourcePolicyInput, { nullable: false })
    props: ModifyKeyPairResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<KeyPairResourcePolicy>> {
    access.authorize(caller, 'policy.modify');
    const changes = keypairPolicyChanges(props);
    return outcome(async () =>
      toKeypairPolicy(await this.db.identity.policies.keypair.modify(name, changes)),
    );
  }

  @Mutation(() => DeleteKeyPairResourcePolicy, {
    name: 'delete_keypair_resource_policy',
    description: 'Refused while keypairs name the policy.',
  })
  async deleteKeypairResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    access.authorize(caller, 'policy.delete');
    return outcome(() => this.db.identity.policies.keypair.delete(name));
  }

  @Mutation(() => CreateUserResourcePolicy, { name: 'create_user_resource_policy' })
  async createUserResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => CreateUserResourcePolicyInput, { nullable: false })
    props: CreateUserResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<UserResourcePolicy>> {
    access.authorize(caller, 'policy.create');
    checkName(name, 'name');
    const changes = counts(props, 'props');
    return outcome(async () =>
      toUserPolicy(await this.db.identity.policies.user.create({ ...changes, name })),
    );
  }

  @Mutation(() => ModifyUserResourcePolicy, { name: 'modify_user_resource_policy' })
  async modifyUserResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyUserResourcePolicyInput, { nullable: false })
    props: ModifyUserResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<UserResourcePolicy>> {
    access.authorize(caller, 'policy.modify');
    const changes = counts(props, 'props');
    return outcome(async () => toUserPolicy(await this.db.identity.policies.user.modify(name, changes)));
  }

  @Mutation(() => DeleteUserResourcePolicy, {
    name: 'delete_user_resource_policy',
    description: 'Refused while users name the policy.',
  })
  async deleteUserResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    access.authorize(caller, 'policy.delete');
    return outcome(() => this.db.identity.policies.user.delete(name));
  }

  @Mutation(() => CreateProjectResourcePolicy, { name: 'create_project_resource_policy' })
  async createProjectResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => CreateProjectResourcePolicyInput, { nullable: false })
    props: CreateProjectResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<ProjectResourcePolicy>> {
    access.authorize(caller, 'policy.create');
    checkName(name, 'name');
    const changes = counts(props, 'props');
    return outcome(async () =>
      toProjectPolicy(await this.db.identity.policies.project.create({ ...changes, name })),
    );
  }

  @Mutation(() => ModifyProjectResourcePolicy, { name: 'modify_project_resource_policy' })
  async modifyProjectResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyProjectResourcePolicyInput, { nullable: false })
    props: ModifyProjectResourcePolicyInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<ProjectResourcePolicy>> {
    access.authorize(caller, 'policy.modify');
    const changes = counts(props, 'props');
    return outcome(async () =>
      toProjectPolicy(await this.db.identity.policies.project.modify(name, changes)),
    );
  }

  @Mutation(() => DeleteProjectResourcePolicy, {
    name: 'delete_project_resource_policy',
    description: 'Refused while projects name the policy.',
  })
  async deleteProjectResourcePolicy(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    access.authorize(caller, 'policy.delete');
    return outcome(() => this.db.identity.policies.project.delete(name));
  }
}

const SNAKE_TO_CAMEL = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The given counts of a user or project policy input, camelCased, each an integer of 0 or more. */
function counts<T extends object>(props: Counts<T>, prefix: string): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const [key, value] of Object.entries(props as Record<string, number | null | undefined>)) {
    if (value === undefined || value === null) continue;
    changes[SNAKE_TO_CAMEL(key)] = checkCount(value, `${prefix}.${key}`);
  }
  return changes;
}

function keypairPolicyChanges(props: ModifyKeyPairResourcePolicyInput): KeypairResourcePolicyChanges {
  const { default_for_unspecified, total_resource_slots, allowed_vfolder_hosts, ...numbers } = props;
  const changes: KeypairResourcePolicyChanges = counts(numbers, 'props');
  if (default_for_unspecified !== undefined && default_for_unspecified !== null)
    changes.defaultForUnspecified = checkEnum(
      default_for_unspecified,
      ['LIMITED', 'UNLIMITED'] as const,
      'props.default_for_unspecified',
    );
  if (total_resource_slots !== undefined && total_resource_slots !== null)
    changes.totalResourceSlots = userSlots(total_resource_slots, 'props.total_resource_slots');
  if (allowed_vfolder_hosts)
    changes.allowedVfolderHosts = checkHosts(allowed_vfolder_hosts, 'props.allowed_vfolder_hosts');
  return changes;
}
