import {
  buildOperation,
  fromWire,
  pageArguments,
  pageFromWire,
  runMutation,
  runOperation,
  selectionOf,
  toWire,
  type GraphqlCaller,
  type ItemPage,
  type MutationResult,
  type OperationArgument,
  type PageOptions,
  type ReadOptions,
} from './graphql-operation';

export type UserRole = 'superadmin' | 'admin' | 'user' | 'monitor';
export type UserStatus = 'active' | 'inactive' | 'deleted' | 'before-verification';
export const USER_ROLES: readonly UserRole[] = ['superadmin', 'admin', 'user', 'monitor'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'inactive', 'deleted', 'before-verification'];

/** A user (api-spec §8.9), camelCase; absent when not asked for. The password is never readable. */
export interface User {
  uuid?: string;
  username?: string;
  email?: string;
  needPasswordChange?: boolean;
  fullName?: string | null;
  description?: string | null;
  isActive?: boolean;
  status?: UserStatus;
  statusInfo?: string | null;
  createdAt?: string;
  modifiedAt?: string;
  domainName?: string;
  role?: UserRole;
  resourcePolicy?: string | null;
  allowedClientIp?: string[] | null;
  groups?: Array<{ id: string; name: string }> | null;
}

export interface UserProps {
  username: string;
  password: string;
  needPasswordChange: boolean;
  domainName: string;
  fullName?: string;
  description?: string;
  isActive?: boolean;
  status?: UserStatus;
  role?: UserRole;
  /** Projects to join, by id. */
  groupIds?: string[];
  allowedClientIp?: string[];
  /** A user resource policy's name (sent only when given). */
  resourcePolicy?: string;
}

export type UserChanges = Partial<UserProps>;

export interface UserMutation extends MutationResult {
  user?: User | null;
}

/** Filters of `users` and `user_list`. */
export interface UserFilter {
  domainName?: string;
  /** Members of this project (its id). */
  groupId?: string;
  isActive?: boolean;
  status?: UserStatus;
}

export const DEFAULT_USER_FIELDS = [
  'uuid',
  'username',
  'email',
  'need_password_change',
  'full_name',
  'description',
  'is_active',
  'status',
  'status_info',
  'created_at',
  'modified_at',
  'domain_name',
  'role',
  'groups { id name }',
] as const;

/** Users through the admin GraphQL API. */
export class UserAdmin {
  constructor(private readonly caller: GraphqlCaller) {}

  /** `user(domain_name, email)`: without an e-mail, the caller. */
  async get(
    email: string | undefined,
    options: ReadOptions & { domainName?: string } = {},
  ): Promise<User | null> {
    const found = await this.query(
      'user',
      [
        { name: 'domain_name', type: 'String', value: options.domainName },
        { name: 'email', type: 'String', value: email },
      ],
      options,
    );
    return found === null ? null : fromWire<User>(found);
  }

  /** `user_from_uuid(domain_name, user_id)`. */
  async getByUuid(uuid: string, options: ReadOptions & { domainName?: string } = {}): Promise<User | null> {
    const found = await this.query(
      'user_from_uuid',
      [
        { name: 'domain_name', type: 'String', value: options.domainName },
        { name: 'user_id', type: 'ID', value: uuid },
      ],
      options,
    );
    return found === null ? null : fromWire<User>(found);
  }

  /** `users(domain_name, group_id, is_active, status)`: the legacy list without paging. */
  async list(options: ReadOptions & UserFilter = {}): Promise<User[]> {
    const found = await this.query('users', filterArguments(options), options);
    return ((found as unknown[] | null) ?? []).map((item) => fromWire<User>(item));
  }

  /** `user_list(limit, offset, order, domain_name, group_id, is_active, status, search)`. */
  async page(
    options: ReadOptions & PageOptions & UserFilter & { search?: string } = {},
  ): Promise<ItemPage<User>> {
    const selection = `total_count items { ${selectionOf(options.fields ?? DEFAULT_USER_FIELDS, 'User')} }`;
    const operation = buildOperation(
      'query',
      'user_list',
      [
        ...pageArguments(options),
        ...filterArguments(options),
        { name: 'search', type: 'String', value: options.search },
      ],
      selection,
    );
    return pageFromWire<User>(
      await runOperation(this.caller, 'user_list', operation, options.signal),
      'user_list',
    );
  }

  /** `create_user(email, props)`: the user and its main keypair (read it with `keypairs.list({ email })`). */
  create(email: string, props: UserProps, options: ReadOptions = {}): Promise<UserMutation> {
    const fields = selectionOf(options.fields ?? DEFAULT_USER_FIELDS, 'User');
    return runMutation<UserMutation>(
      this.caller,
      'create_user',
      [
        { name: 'email', type: 'String!', value: email },
        { name: 'props', type: 'UserInput!', value: toWire({ ...props }) },
      ],
      `ok msg user { ${fields} }`,
      options.signal,
    );
  }

  /** `modify_user(email, props)`; `groupIds` replaces the memberships. */
  modify(email: string, changes: UserChanges, options: ReadOptions = {}): Promise<UserMutation> {
    const fields = selectionOf(options.fields ?? DEFAULT_USER_FIELDS, 'User');
    return runMutation<UserMutation>(
      this.caller,
      'modify_user',
      [
        { name: 'email', type: 'String!', value: email },
        { name: 'props', type: 'ModifyUserInput!', value: toWire({ ...changes }) },
      ],
      `ok msg user { ${fields} }`,
      options.signal,
    );
  }

  /** `delete_user(email)`: the user is marked deleted and its keypairs deactivated. */
  delete(email: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return runMutation(
      this.caller,
      'delete_user',
      [{ name: 'email', type: 'String!', value: email }],
      'ok msg',
      options.signal,
    );
  }

  /** `purge_user(email, props)`: removes the user, its keypairs and memberships for good. */
  purge(
    email: string,
    options: { purgeSharedVfolders?: boolean; signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return runMutation(
      this.caller,
      'purge_user',
      [
        { name: 'email', type: 'String!', value: email },
        {
          name: 'props',
          type: 'PurgeUserInput!',
          value: toWire({ purgeSharedVfolders: options.purgeSharedVfolders ?? false }),
        },
      ],
      'ok msg',
      options.signal,
    );
  }

  private query(field: string, args: OperationArgument[], options: ReadOptions): Promise<unknown> {
    const selection = selectionOf(options.fields ?? DEFAULT_USER_FIELDS, 'User');
    return runOperation(this.caller, field, buildOperation('query', field, args, selection), options.signal);
  }
}

function filterArguments(filter: UserFilter): OperationArgument[] {
  return [
    { name: 'domain_name', type: 'String', value: filter.domainName },
    { name: 'group_id', type: 'UUID', value: filter.groupId },
    { name: 'is_active', type: 'Boolean', value: filter.isActive },
    { name: 'status', type: 'String', value: filter.status },
  ];
}
