import {
  AreaOperations,
  nameArgument,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type ReadOptions,
} from './graphql-operation';

/** A keypair resource policy (api-spec §8.12), camelCase. */
export interface KeypairResourcePolicy {
  name: string;
  createdAt?: string;
  /** `LIMITED` or `UNLIMITED`: how slot types missing from `totalResourceSlots` are treated. */
  defaultForUnspecified?: string;
  /** Parsed from the JSONString. */
  totalResourceSlots?: Record<string, unknown> | null;
  /** Seconds; 0 is no limit. */
  maxSessionLifetime?: number;
  maxConcurrentSessions?: number;
  maxContainersPerSession?: number;
  /** Seconds. */
  idleTimeout?: number;
  maxVfolderCount?: number;
  /** Bytes. */
  maxVfolderSize?: number;
  /** Folders a session may mount by name (`mounts`, `mount_map`); 0 is no limit. Tessera's field. */
  maxVfolderMounts?: number;
  /** Storage hosts (`proxy:volume`) it may use; each grants every vfolder permission. */
  allowedVfolderHosts?: string[] | null;
}

export interface KeypairResourcePolicyProps {
  defaultForUnspecified?: 'LIMITED' | 'UNLIMITED';
  totalResourceSlots?: Record<string, unknown>;
  maxSessionLifetime?: number;
  maxConcurrentSessions?: number;
  maxContainersPerSession?: number;
  idleTimeout?: number;
  maxVfolderCount?: number;
  maxVfolderSize?: number;
  maxVfolderMounts?: number;
  allowedVfolderHosts?: string[];
}

/** A user resource policy (upstream since 23.09), camelCase. */
export interface UserResourcePolicy {
  name: string;
  createdAt?: string;
  maxVfolderCount?: number;
  /** Bytes. */
  maxQuotaScopeSize?: number;
  maxSessionCountPerModelSession?: number;
  maxCustomizedImageCount?: number;
}

export interface UserResourcePolicyProps {
  maxVfolderCount?: number;
  maxQuotaScopeSize?: number;
  maxSessionCountPerModelSession?: number;
  maxCustomizedImageCount?: number;
}

/** A project resource policy (upstream since 23.09), camelCase. */
export interface ProjectResourcePolicy {
  name: string;
  createdAt?: string;
  maxVfolderCount?: number;
  /** Bytes. */
  maxQuotaScopeSize?: number;
  maxNetworkCount?: number;
}

export interface ProjectResourcePolicyProps {
  maxVfolderCount?: number;
  maxQuotaScopeSize?: number;
  maxNetworkCount?: number;
}

export interface PolicyMutation<T> extends MutationResult {
  resourcePolicy?: T | null;
}

export const DEFAULT_KEYPAIR_RESOURCE_POLICY_FIELDS = [
  'name',
  'created_at',
  'default_for_unspecified',
  'total_resource_slots',
  'max_session_lifetime',
  'max_concurrent_sessions',
  'max_containers_per_session',
  'idle_timeout',
  'max_vfolder_count',
  'max_vfolder_size',
  'max_vfolder_mounts',
  'allowed_vfolder_hosts',
] as const;

export const DEFAULT_USER_RESOURCE_POLICY_FIELDS = [
  'name',
  'created_at',
  'max_vfolder_count',
  'max_quota_scope_size',
  'max_session_count_per_model_session',
  'max_customized_image_count',
] as const;

export const DEFAULT_PROJECT_RESOURCE_POLICY_FIELDS = [
  'name',
  'created_at',
  'max_vfolder_count',
  'max_quota_scope_size',
  'max_network_count',
] as const;

/** The wire names of one kind of policy: `keypair` gives `keypair_resource_policy`, `KeyPair...Input`. */
interface PolicyKind {
  /** `keypair`, `user` or `project`. */
  field: string;
  /** `KeyPair`, `User` or `Project`. */
  type: string;
  defaults: readonly string[];
  jsonWire: ReadonlySet<string>;
  jsonProps: ReadonlySet<string>;
}

/**
 * One kind of named resource policy through the admin GraphQL API (superadmins):
 * `<kind>_resource_policy(name)`, `<kind>_resource_policies`, `create_`/`modify_`/`delete_<kind>_resource_policy`.
 */
export class ResourcePolicyAdmin<Policy, Props extends object> {
  private readonly calls: AreaOperations;

  constructor(
    caller: GraphqlCaller,
    private readonly kind: PolicyKind,
  ) {
    this.calls = new AreaOperations(caller, `${kind.type}ResourcePolicy`, kind.defaults, kind.jsonWire);
  }

  /** `<kind>_resource_policy(name)`; null when there is none. */
  get(name: string, options: ReadOptions = {}): Promise<Policy | null> {
    return this.calls.one(
      `${this.kind.field}_resource_policy`,
      [{ name: 'name', type: this.kind.field === 'project' ? 'String!' : 'String', value: name }],
      options,
    );
  }

  /** `<kind>_resource_policies`. */
  list(options: ReadOptions = {}): Promise<Policy[]> {
    return this.calls.many(`${this.kind.field}_resource_policies`, [], options);
  }

  /** `create_<kind>_resource_policy(name, props)`. */
  create(name: string, props: Props, options: ReadOptions = {}): Promise<PolicyMutation<Policy>> {
    return this.calls.mutateItem(
      `create_${this.kind.field}_resource_policy`,
      [
        nameArgument(name),
        propsArgument(`Create${this.kind.type}ResourcePolicyInput!`, props, this.kind.jsonProps),
      ],
      'resource_policy',
      options,
    );
  }

  /** `modify_<kind>_resource_policy(name, props)`. */
  modify(
    name: string,
    changes: Partial<Props>,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      `modify_${this.kind.field}_resource_policy`,
      [
        nameArgument(name),
        propsArgument(`Modify${this.kind.type}ResourcePolicyInput!`, changes, this.kind.jsonProps),
      ],
      options.signal,
    );
  }

  /** `delete_<kind>_resource_policy(name)` (refused while anything still uses it). */
  delete(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate(
      `delete_${this.kind.field}_resource_policy`,
      [nameArgument(name)],
      options.signal,
    );
  }
}

const NO_JSON: ReadonlySet<string> = new Set();

export function keypairResourcePolicies(
  caller: GraphqlCaller,
): ResourcePolicyAdmin<KeypairResourcePolicy, KeypairResourcePolicyProps> {
  return new ResourcePolicyAdmin(caller, {
    field: 'keypair',
    type: 'KeyPair',
    defaults: DEFAULT_KEYPAIR_RESOURCE_POLICY_FIELDS,
    jsonWire: new Set(['total_resource_slots']),
    jsonProps: new Set(['totalResourceSlots']),
  });
}

export function userResourcePolicies(
  caller: GraphqlCaller,
): ResourcePolicyAdmin<UserResourcePolicy, UserResourcePolicyProps> {
  return new ResourcePolicyAdmin(caller, {
    field: 'user',
    type: 'User',
    defaults: DEFAULT_USER_RESOURCE_POLICY_FIELDS,
    jsonWire: NO_JSON,
    jsonProps: NO_JSON,
  });
}

export function projectResourcePolicies(
  caller: GraphqlCaller,
): ResourcePolicyAdmin<ProjectResourcePolicy, ProjectResourcePolicyProps> {
  return new ResourcePolicyAdmin(caller, {
    field: 'project',
    type: 'Project',
    defaults: DEFAULT_PROJECT_RESOURCE_POLICY_FIELDS,
    jsonWire: NO_JSON,
    jsonProps: NO_JSON,
  });
}
