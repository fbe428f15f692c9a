import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Database, type ResourceGroupDetail, type ResourceGroupFilter } from '@tessera/core';
import { ManagerErrors, normalizeUuid, type GraphQLContext } from '@tessera/manager';
import { ScalingGroup } from './scaling-group-types';

/**
 * Resource groups in the admin API (api-spec §8.6): a superadmin reads one group, every group, or
 * those associated with a domain, a project or a keypair, optionally only the active (or
 * inactive) ones. Lists are by name.
 */
@Resolver(() => ScalingGroup)
@injectable()
export class ScalingGroupResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => ScalingGroup, {
    name: 'scaling_group',
    description: 'One resource group by name; null when there is none.',
  })
  async scalingGroup(
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroup | null> {
    access.authorize(caller, 'resource-group.read');
    if (name === null || name === undefined) return null;
    const group = await this.db.resourceGroups.describe(name);
    return group ? toScalingGroup(group) : null;
  }

  @Query(() => [ScalingGroup], {
    name: 'scaling_groups',
    description: 'Every resource group (or the one named), optionally only active or inactive ones.',
  })
  async scalingGroups(
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('is_active', () => Boolean, { nullable: true }) isActive: boolean | null,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroup[]> {
    access.authorize(caller, 'resource-group.read');
    const groups = await this.list({}, isActive);
    return name === null || name === undefined ? groups : groups.filter((group) => group.name === name);
  }

  @Query(() => [ScalingGroup], {
    name: 'scaling_groups_for_domain',
    description: 'The resource groups associated with a domain (by name).',
  })
  async scalingGroupsForDomain(
    @Arg('domain', () => String, { nullable: false }) domain: string,
    @Arg('is_active', () => Boolean, { nullable: true }) isActive: boolean | null,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroup[]> {
    access.authorize(caller, 'resource-group.read');
    return this.list({ domain }, isActive);
  }

  @Query(() => [ScalingGroup], {
    name: 'scaling_groups_for_user_group',
    description: 'The resource groups associated with a project (user_group: its UUID).',
  })
  async scalingGroupsForUserGroup(
    @Arg('user_group', () => String, { nullable: false }) userGroup: string,
    @Arg('is_active', () => Boolean, { nullable: true }) isActive: boolean | null,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroup[]> {
    access.authorize(caller, 'resource-group.read');
    const project = normalizeUuid(userGroup);
    if (project === null)
      throw ManagerErrors.invalidParams(
        `Invalid user_group: a project UUID (hex 8-4-4-4-12) is expected (got ${JSON.stringify(userGroup)})`,
        { field: 'user_group' },
      );
    return this.list({ project }, isActive);
  }

  @Query(() => [ScalingGroup], {
    name: 'scaling_groups_for_keypair',
    description: 'The resource groups associated with a keypair (by access key).',
  })
  async scalingGroupsForKeypair(
    @Arg('access_key', () => String, { nullable: false }) accessKey: string,
    @Arg('is_active', () => Boolean, { nullable: true }) isActive: boolean | null,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ScalingGroup[]> {
    access.authorize(caller, 'resource-group.read');
    return this.list({ accessKey }, isActive);
  }

  private async list(filter: ResourceGroupFilter, isActive: boolean | null): Promise<ScalingGroup[]> {
    const groups = await this.db.resourceGroups.list(
      isActive === null || isActive === undefined ? filter : { ...filter, isActive },
    );
    return groups.map(toScalingGroup);
  }
}

/** The admin API's view of a resource group. */
export function toScalingGroup(group: ResourceGroupDetail): ScalingGroup {
  return {
    name: group.name,
    description: group.description,
    is_active: group.isActive,
    created_at: group.createdAt,
    wsproxy_addr: group.wsproxyAddr,
    driver: group.driver,
    driver_opts: group.driverOpts,
    scheduler: group.scheduler,
    scheduler_opts: group.schedulerOpts,
    use_host_network: null,
    is_public: group.isPublic,
  };
}
