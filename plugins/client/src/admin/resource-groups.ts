import {
  AreaOperations,
  nameArgument,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type OperationArgument,
  type ReadOptions,
} from './graphql-operation';

/** A resource group (Backend.AI's scaling group, api-spec §8.6), camelCase; absent when not asked for. */
export interface ResourceGroup {
  name: string;
  description?: string | null;
  isActive?: boolean;
  isPublic?: boolean;
  createdAt?: string;
  wsproxyAddr?: string | null;
  driver?: string;
  /** Parsed from the JSONString. */
  driverOpts?: Record<string, unknown> | null;
  scheduler?: string;
  /** Parsed from the JSONString: `pending_timeout`, `allowed_session_types`, `agent_selection_strategy`, `config`. */
  schedulerOpts?: Record<string, unknown> | null;
  useHostNetwork?: boolean | null;
}

/** What a new group is made of; only `driver` and `scheduler` are required. */
export interface ResourceGroupProps {
  driver: string;
  /** A scheduler the deployment loads (`fifo`, `lifo`, `drf`, ...). */
  scheduler: string;
  description?: string;
  isActive?: boolean;
  isPublic?: boolean;
  /** An http(s) URL of the App Proxy coordinator. */
  wsproxyAddr?: string;
  driverOpts?: Record<string, unknown>;
  /** Keys: `allowed_session_types`, `pending_timeout` (seconds), `agent_selection_strategy`, `config`. */
  schedulerOpts?: Record<string, unknown>;
}

/** What modify changes: a member left out stays; `schedulerOpts` replaces the options whole; `wsproxyAddr: ""` clears it. */
export type ResourceGroupChanges = Partial<ResourceGroupProps>;

export interface ResourceGroupMutation extends MutationResult {
  scalingGroup?: ResourceGroup | null;
}

/** Who a group is associated with: a domain (by name), a project (by id) or a keypair (by access key). */
export type ResourceGroupMember = { domain: string } | { project: string } | { accessKey: string };

export const DEFAULT_RESOURCE_GROUP_FIELDS = [
  'name',
  'description',
  'is_active',
  'is_public',
  'created_at',
  'wsproxy_addr',
  'driver',
  'driver_opts',
  'scheduler',
  'scheduler_opts',
] as const;

const JSON_WIRE: ReadonlySet<string> = new Set(['driver_opts', 'scheduler_opts']);
const JSON_PROPS: ReadonlySet<string> = new Set(['driverOpts', 'schedulerOpts']);

/** Resource groups (scaling groups) through the admin GraphQL API: superadmins only. */
export class ResourceGroupAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'ScalingGroup', DEFAULT_RESOURCE_GROUP_FIELDS, JSON_WIRE);
  }

  /** `scaling_group(name)`; null when there is none. */
  get(name: string, options: ReadOptions = {}): Promise<ResourceGroup | null> {
    return this.calls.one('scaling_group', [{ name: 'name', type: 'String', value: name }], options);
  }

  /**
   * `scaling_groups(is_active)`, or the groups associated with one domain, project or keypair
   * (`scaling_groups_for_domain` / `_for_user_group` / `_for_keypair`).
   */
  list(
    options: ReadOptions & { isActive?: boolean; associatedWith?: ResourceGroupMember } = {},
  ): Promise<ResourceGroup[]> {
    const active: OperationArgument = { name: 'is_active', type: 'Boolean', value: options.isActive };
    const member = options.associatedWith;
    if (!member) return this.calls.many('scaling_groups', [active], options);
    if ('domain' in member)
      return this.calls.many(
        'scaling_groups_for_domain',
        [{ name: 'domain', type: 'String!', value: member.domain }, active],
        options,
      );
    if ('project' in member)
      return this.calls.many(
        'scaling_groups_for_user_group',
        [{ name: 'user_group', type: 'String!', value: member.project }, active],
        options,
      );
    return this.calls.many(
      'scaling_groups_for_keypair',
      [{ name: 'access_key', type: 'String!', value: member.accessKey }, active],
      options,
    );
  }

  /** `create_scaling_group(name, props)`. */
  create(name: string, props: ResourceGroupProps, options: ReadOptions = {}): Promise<ResourceGroupMutation> {
    return this.calls.mutateItem(
      'create_scaling_group',
      [nameArgument(name), propsArgument('CreateScalingGroupInput!', props, JSON_PROPS)],
      'scaling_group',
      options,
    );
  }

  /** `modify_scaling_group(name, props)`; it applies from the next scheduling pass. */
  modify(
    name: string,
    changes: ResourceGroupChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_scaling_group',
      [nameArgument(name), propsArgument('ModifyScalingGroupInput!', changes, JSON_PROPS)],
      options.signal,
    );
  }

  /** `delete_scaling_group(name)`: refused while agents or sessions name the group. */
  delete(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_scaling_group', [nameArgument(name)], options.signal);
  }

  /** `associate_scaling_group_with_domain` / `_with_user_group` / `_with_keypair`. */
  associate(
    name: string,
    member: ResourceGroupMember,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    const [suffix, argument] = memberArgument(member);
    return this.calls.mutate(
      `associate_scaling_group_with_${suffix}`,
      [group(name), argument],
      options.signal,
    );
  }

  /** `disassociate_scaling_group_with_domain` / `_with_user_group` / `_with_keypair`. */
  disassociate(
    name: string,
    member: ResourceGroupMember,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    const [suffix, argument] = memberArgument(member);
    return this.calls.mutate(
      `disassociate_scaling_group_with_${suffix}`,
      [group(name), argument],
      options.signal,
    );
  }

  /** `disassociate_all_scaling_groups_with_domain` / `_with_group`: every group of one domain or project. */
  disassociateAll(
    member: { domain: string } | { project: string },
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    if ('domain' in member)
      return this.calls.mutate(
        'disassociate_all_scaling_groups_with_domain',
        [{ name: 'domain', type: 'String!', value: member.domain }],
        options.signal,
      );
    return this.calls.mutate(
      'disassociate_all_scaling_groups_with_group',
      [{ name: 'user_group', type: 'UUID!', value: member.project }],
      options.signal,
    );
  }
}

function group(name: string): OperationArgument {
  return { name: 'scaling_group', type: 'String!', value: name };
}

function memberArgument(member: ResourceGroupMember): [string, OperationArgument] {
  if ('domain' in member) return ['domain', { name: 'domain', type: 'String!', value: member.domain }];
  if ('project' in member)
    return ['user_group', { name: 'user_group', type: 'UUID!', value: member.project }];
  return ['keypair', { name: 'access_key', type: 'String!', value: member.accessKey }];
}
