import {
  buildOperation,
  fromWire,
  runMutation,
  runOperation,
  selectionOf,
  toWire,
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
  /** Parsed from the JSONString. */
  allowedVfolderHosts?: Record<string, unknown> | null;
  integrationId?: string | null;
  resourcePolicy?: string | null;
  scalingGroups?: string[] | null;
}

export interface ProjectProps {
  domainName: string;
  description?: string;
  isActive?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: Record<string, unknown>;
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

const JSON_WIRE = new Set(['total_resource_slots', 'allowed_vfolder_hosts']);
const JSON_PROPS = new Set(['totalResourceSlots', 'allowedVfolderHosts']);

/** Projects (groups) and their members through the admin GraphQL API. */
export class ProjectAdmin {
  constructor(private readonly caller: GraphqlCaller) {}

  /** `group(id, domain_name)`: null when there is none the caller may see. */
  async get(id: string, options: ReadOptions & { domainName?: string } = {}): Promise<Project | null> {
    const found = await this.query(
      'group',
      [
        { name: 'id', type: 'UUID!', value: id },
        { name: 'domain_name', type: 'String', value: options.domainName },
      ],
      options,
    );
    return found === null ? null : fromWire<Project>(found, JSON_WIRE);
  }

  /** `groups_by_name(name, domain_name)`: a name is unique only within a domain. */
  async getByName(name: string, options: ReadOptions & { domainName?: string } = {}): Promise<Project[]> {
    const found = await this.query(
      'groups_by_name',
      [
        { name: 'name', type: 'String!', value: name },
        { name: 'domain_name', type: 'String', value: options.domainName },
      ],
      options,
    );
    return ((found as unknown[] | null) ?? []).map((item) => fromWire<Project>(item, JSON_WIRE));
  }

  /** `groups(domain_name, is_active)`. */
  async list(options: ReadOptions & { domainName?: string; isActive?: boolean } = {}): Promise<Project[]> {
    const found = await this.query(
      'groups',
      [
        { name: 'domain_name', type: 'String', value: options.domainName },
        { name: 'is_active', type: 'Boolean', value: options.isActive },
      ],
      options,
    );
    return ((found as unknown[] | null) ?? []).map((item) => fromWire<Project>(item, JSON_WIRE));
  }

  /** `create_group(name, props)`. */
  create(name: string, props: ProjectProps, options: ReadOptions = {}): Promise<ProjectMutation> {
    const fields = selectionOf(options.fields ?? DEFAULT_PROJECT_FIELDS, 'Group');
    return this.mutate(
      'create_group',
      [
        { name: 'name', type: 'String!', value: name },
        { name: 'props', type: 'GroupInput!', value: toWire({ ...props }, JSON_PROPS) },
      ],
      `ok msg group { ${fields} }`,
      options.signal,
    );
  }

  /** `modify_group(gid, props)`. */
  modify(
    id: string,
    changes: ProjectChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.mutate(
      'modify_group',
      [
        { name: 'gid', type: 'UUID!', value: id },
        { name: 'props', type: 'ModifyGroupInput!', value: toWire({ ...changes }, JSON_PROPS) },
      ],
      'ok msg',
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
    return this.mutate('delete_group', [{ name: 'gid', type: 'UUID!', value: id }], 'ok msg', options.signal);
  }

  /** `purge_group(gid)`: removes the project and its memberships for good. */
  purge(id: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.mutate('purge_group', [{ name: 'gid', type: 'UUID!', value: id }], 'ok msg', options.signal);
  }

  private query(field: string, args: OperationArgument[], options: ReadOptions): Promise<unknown> {
    const selection = selectionOf(options.fields ?? DEFAULT_PROJECT_FIELDS, 'Group');
    return runOperation(this.caller, field, buildOperation('query', field, args, selection), options.signal);
  }

  private mutate<T extends MutationResult>(
    field: string,
    args: OperationArgument[],
    selection: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return runMutation<T>(this.caller, field, args, selection, signal, JSON_WIRE);
  }
}
