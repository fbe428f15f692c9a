import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  Database,
  TesseraError,
  type ResourceGroupChanges,
  type ResourceGroupDetail,
  type ResourceGroupMember,
} from '@tessera/core';
import { UUIDScalar, type GraphQLContext } from '@tessera/manager';
import {
  checkDriver,
  checkGroupName,
  checkHostNetwork,
  checkObject,
  checkScheduler,
  checkSchedulerOpts,
  checkWsproxyAddr,
  type KnownImplementations,
} from './scaling-group-checks';
import {
  AssociateScalingGroupWithDomain,
  AssociateScalingGroupWithKeyPair,
  AssociateScalingGroupWithUserGroup,
  CreateScalingGroup,
  CreateScalingGroupInput,
  DeleteScalingGroup,
  DisassociateAllScalingGroupsWithDomain,
  DisassociateAllScalingGroupsWithGroup,
  DisassociateScalingGroupWithDomain,
  DisassociateScalingGroupWithKeyPair,
  DisassociateScalingGroupWithUserGroup,
  ModifyScalingGroup,
  ModifyScalingGroupInput,
  type ScalingGroupOutcome,
} from './scaling-group-inputs';
import { toScalingGroup } from './scaling-group-resolver';

/** The schedulers and agent selectors the deployment loads, for checking the names a group gives. */
export const KnownSchedulers = Symbol('manager-resources/known-schedulers');

/** The repository errors a mutation answers as `ok: false` with the message (upstream's `msg`). */
const DOMAIN_ERRORS = new Set(['object-not-found', 'object-already-exists', 'object-in-use']);

/**
 * Resource group writes (api-spec §8.6), superadmin-only as upstream's: create, modify, delete
 * and the associations with domains, projects (user groups) and keypairs. A missing group or
 * member, a duplicate and a group still in use answer `ok: false` with a message naming it; bad
 * input is an error of the field naming the argument.
 */
@Resolver()
@injectable()
export class ScalingGroupMutationResolver {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(KnownSchedulers) private readonly known: KnownImplementations,
  ) {}

  @Mutation(() => CreateScalingGroup, { name: 'create_scaling_group' })
  async createScalingGroup(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => CreateScalingGroupInput, { nullable: false }) props: CreateScalingGroupInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.create');
    checkGroupName(name);
    checkHostNetwork(props.use_host_network);
    const group = {
      name,
      description: props.description ?? null,
      isActive: props.is_active ?? true,
      isPublic: props.is_public ?? true,
      driver: checkDriver(props.driver),
      driverOpts: checkObject(props.driver_opts, 'props.driver_opts'),
      scheduler: checkScheduler(props.scheduler, this.known),
      schedulerOpts: checkSchedulerOpts(props.scheduler_opts, this.known),
      wsproxyAddr: checkWsproxyAddr(props.wsproxy_addr ?? null),
    };
    return outcome(() => this.db.resourceGroups.create(group));
  }

  @Mutation(() => ModifyScalingGroup, {
    name: 'modify_scaling_group',
    description: 'Takes effect from the next scheduling pass over the group.',
  })
  async modifyScalingGroup(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyScalingGroupInput, { nullable: false }) props: ModifyScalingGroupInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.modify');
    checkHostNetwork(props.use_host_network);
    const changes: ResourceGroupChanges = {};
    if (props.description !== undefined && props.description !== null)
      changes.description = props.description;
    if (props.is_active !== undefined && props.is_active !== null) changes.isActive = props.is_active;
    if (props.is_public !== undefined && props.is_public !== null) changes.isPublic = props.is_public;
    if (props.wsproxy_addr !== undefined && props.wsproxy_addr !== null)
      changes.wsproxyAddr = checkWsproxyAddr(props.wsproxy_addr);
    if (props.driver !== undefined && props.driver !== null) changes.driver = checkDriver(props.driver);
    if (props.driver_opts !== undefined && props.driver_opts !== null)
      changes.driverOpts = checkObject(props.driver_opts, 'props.driver_opts');
    if (props.scheduler !== undefined && props.scheduler !== null)
      changes.scheduler = checkScheduler(props.scheduler, this.known);
    if (props.scheduler_opts !== undefined && props.scheduler_opts !== null)
      changes.schedulerOpts = checkSchedulerOpts(props.scheduler_opts, this.known);
    return outcome(() => this.db.resourceGroups.modify(name, changes));
  }

  @Mutation(() => DeleteScalingGroup, {
    name: 'delete_scaling_group',
    description:
      'Removes the group with its associations and the presets scoped to it; refused while any agent or session (live or finished) names it.',
  })
  async deleteScalingGroup(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.delete');
    return outcome(() => this.db.resourceGroups.delete(name));
  }

  @Mutation(() => AssociateScalingGroupWithDomain, { name: 'associate_scaling_group_with_domain' })
  associateWithDomain(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('domain', () => String, { nullable: false }) domain: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.associate(context, scalingGroup, { domain });
  }

  @Mutation(() => DisassociateScalingGroupWithDomain, { name: 'disassociate_scaling_group_with_domain' })
  disassociateWithDomain(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('domain', () => String, { nullable: false }) domain: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.disassociate(context, scalingGroup, { domain });
  }

  @Mutation(() => DisassociateAllScalingGroupsWithDomain, {
    name: 'disassociate_all_scaling_groups_with_domain',
  })
  disassociateAllWithDomain(
    @Arg('domain', () => String, { nullable: false }) domain: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.disassociateAll(context, { domain });
  }

  @Mutation(() => AssociateScalingGroupWithUserGroup, { name: 'associate_scaling_group_with_user_group' })
  associateWithUserGroup(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('user_group', () => UUIDScalar, { nullable: false }) userGroup: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.associate(context, scalingGroup, { project: userGroup });
  }

  @Mutation(() => DisassociateScalingGroupWithUserGroup, {
    name: 'disassociate_scaling_group_with_user_group',
  })
  disassociateWithUserGroup(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('user_group', () => UUIDScalar, { nullable: false }) userGroup: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.disassociate(context, scalingGroup, { project: userGroup });
  }

  @Mutation(() => DisassociateAllScalingGroupsWithGroup, {
    name: 'disassociate_all_scaling_groups_with_group',
  })
  disassociateAllWithGroup(
    @Arg('user_group', () => UUIDScalar, { nullable: false }) userGroup: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.disassociateAll(context, { project: userGroup });
  }

  @Mutation(() => AssociateScalingGroupWithKeyPair, { name: 'associate_scaling_group_with_keypair' })
  associateWithKeypair(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('access_key', () => String, { nullable: false }) accessKey: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.associate(context, scalingGroup, { accessKey });
  }

  @Mutation(() => DisassociateScalingGroupWithKeyPair, { name: 'disassociate_scaling_group_with_keypair' })
  disassociateWithKeypair(
    @Arg('scaling_group', () => String, { nullable: false }) scalingGroup: string,
    @Arg('access_key', () => String, { nullable: false }) accessKey: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ScalingGroupOutcome> {
    return this.disassociate(context, scalingGroup, { accessKey });
  }

  private associate(
    { caller, access }: GraphQLContext,
    scalingGroup: string,
    member: ResourceGroupMember,
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.associate');
    return outcome(() => this.db.resourceGroups.associate(scalingGroup, member));
  }

  private disassociate(
    { caller, access }: GraphQLContext,
    scalingGroup: string,
    member: ResourceGroupMember,
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.disassociate');
    return outcome(() => this.db.resourceGroups.disassociate(scalingGroup, member));
  }

  private disassociateAll(
    { caller, access }: GraphQLContext,
    member: { domain: string } | { project: string },
  ): Promise<ScalingGroupOutcome> {
    access.authorize(caller, 'resource-group.disassociate');
    return outcome(async () => {
      await this.db.resourceGroups.disassociateAll(member);
    });
  }
}

/** `{ok: true, msg: 'success', scaling_group}`, or `{ok: false, msg}` for a missing, duplicate or used object. */
async function outcome(write: () => Promise<ResourceGroupDetail | void>): Promise<ScalingGroupOutcome> {
  try {
    const group = await write();
    return { ok: true, msg: 'success', scaling_group: group ? toScalingGroup(group) : null };
  } catch (error) {
    if (error instanceof TesseraError && DOMAIN_ERRORS.has(error.code))
      return { ok: false, msg: error.message, scaling_group: null };
    throw error;
  }
}
