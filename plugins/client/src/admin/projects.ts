import {
  AreaOperations,
  domainNameArgument,
  nameArgument,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type OperationArgument,
  type ReadOptions,
} from './graphql-operation';

/** A project (Backend.AI's group, api-spec §8.10), camelCase; absent when not asked for. */
export interface Project {
  id: string;
  name?: string;
  description?: string | null;
  isActive?: boolean;
  createdAt?: string;
  modifiedAt?: string;
  domainName?: string;
  /** Parsed from the JSONString. */
  totalResourceSlots?: Record<string, unknown> | null;
  /** Storage hosts (`proxy:volume`) it may use; each grants every vfolder permission. */
  allowedVfolderHosts?: string[] | null;
  integrationId?: string | null;
  resourcePolicy?: string | null;
  scalingGroups?: string[] | null;
}

export interface ProjectProps {
  domainName: string;
  description?: string;
  isActive?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: string[];
  integrationId?: string;
  /** A project resource policy's name (sent only when given). */
  resourcePolicy?: string;
}

export interface ProjectChanges extends Partial<ProjectProps> {
  /** Renames the project. */
  name?: string;
  /** With `userUuids`: `add` or `remove` those members. */
  userUpdateMode?: 'add' | 'remove';
  userUuids?: string[];
}

export interface ProjectMutation extends MutationResult {
  group?: Project | null;
}

export const DEFAULT_PROJECT_FIELDS = [
  'id',
  'name',
  'description',
  'is_active',
  'created_at',
  'modified_at',
  'domain_name',
  'total_resource_slots',
  'allowed_vfolder_hosts',
  'integration_id',
  'scaling_groups',
] as const;

const JSON_WIRE = new Set(['total_resource_slots']);
const JSON_PROPS = new Set(['totalResourceSlots']);

/** Projects (groups) and their members through the admin GraphQL API. */
export class ProjectAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'Group', DEFAULT_PROJECT_FIELDS, JSON_WIRE);
  }

  /** `group(id, domain_name)`: null when there is none the caller may see. */
  get(id: string, options: ReadOptions & { domainName?: string } = {}): Promise<Project | null> {
    return this.calls.one(
      'group',
      [{ name: 'id', type: 'UUID!', value: id }, domainNameArgument(options.domainName)],
      options,
    );
  }

  /** `groups_by_name(name, domain_name)`: a name is unique only within a domain. */
  getByName(name: string, options: ReadOptions & { domainName?: string } = {}): Promise<Project[]> {
    return this.calls.many(
      'groups_by_name',
      [nameArgument(name), domainNameArgument(options.domainName)],
      options,
    );
  }

  /** `groups(domain_name, is_active)`. */
  list(options: ReadOptions & { domainName?: string; isActive?: boolean } = {}): Promise<Project[]> {
    return this.calls.many(
      'groups',
      [
        domainNameArgument(options.domainName),
        { name: 'is_active', type: 'Boolean', value: options.isActive },
      ],
      options,
    );
  }

  /** `create_group(name, props)`. */
  create(name: string, props: ProjectProps, options: ReadOptions = {}): Promise<ProjectMutation> {
    return this.calls.mutateItem(
      'create_group',
      [nameArgument(name), propsArgument('GroupInput!', props, JSON_PROPS)],
      'group',
      options,
    );
  }

  /** `modify_group(gid, props)`. */
  modify(
    id: string,
    changes: ProjectChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_group',
      [gidArgument(id), propsArgument('ModifyGroupInput!', changes, JSON_PROPS)],
      options.signal,
    );
  }

  /** Adds users (by UUID) to the project: `modify_group` with `user_update_mode: "add"`. */
  addMembers(
    id: string,
    userUuids: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.modify(id, { userUpdateMode: 'add', userUuids }, options);
  }

  /** Removes users (by UUID) from the project: `modify_group` with `user_update_mode: "remove"`. */
  removeMembers(
    id: string,
    userUuids: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.modify(id, { userUpdateMode: 'remove', userUuids }, options);
  }

  /** `delete_group(gid)`: the project becomes inactive. */
  delete(id: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_group', [gidArgument(id)], options.signal);
  }

  /** `purge_group(gid)`: removes the project and its memberships for good. */
  purge(id: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('purge_group', [gidArgument(id)], options.signal);
  }
}

function gidArgument(id: string): OperationArgument {
  return { name: 'gid', type: 'UUID!', value: id };
}
