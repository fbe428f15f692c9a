import {
  AreaOperations,
  domainNameArgument,
  propsArgument,
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

export type UserChanges = Partial<UserProps> & {
  /** Another of the user's own active keypairs, to become its main keypair. */
  mainAccessKey?: string;
};

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
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'User', DEFAULT_USER_FIELDS);
  }

  /** `user(domain_name, email)`: without an e-mail, the caller. */
  get(email: string | undefined, options: ReadOptions & { domainName?: string } = {}): Promise<User | null> {
    return this.calls.one(
      'user',
      [domainNameArgument(options.domainName), { name: 'email', type: 'String', value: email }],
      options,
    );
  }

  /** `user_from_uuid(domain_name, user_id)`. */
  getByUuid(uuid: string, options: ReadOptions & { domainName?: string } = {}): Promise<User | null> {
    return this.calls.one(
      'user_from_uuid',
      [domainNameArgument(options.domainName), { name: 'user_id', type: 'ID', value: uuid }],
      options,
    );
  }

  /** `users(domain_name, group_id, is_active, status)`: the legacy list without paging. */
  list(options: ReadOptions & UserFilter = {}): Promise<User[]> {
    return this.calls.many('users', filterArguments(options), options);
  }

  /** `user_list(limit, offset, order, domain_name, group_id, is_active, status, search)`. */
  page(options: ReadOptions & PageOptions & UserFilter & { search?: string } = {}): Promise<ItemPage<User>> {
    return this.calls.page(
      'user_list',
      [...filterArguments(options), { name: 'search', type: 'String', value: options.search }],
      options,
    );
  }

  /** `create_user(email, props)`: the user and its main keypair (read it with `keypairs.list({ email })`). */
  create(email: string, props: UserProps, options: ReadOptions = {}): Promise<UserMutation> {
    return this.calls.mutateItem(
      'create_user',
      [emailArgument(email), propsArgument('UserInput!', props)],
      'user',
      options,
    );
  }

  /** `modify_user(email, props)`; `groupIds` replaces the memberships. */
  modify(email: string, changes: UserChanges, options: ReadOptions = {}): Promise<UserMutation> {
    return this.calls.mutateItem(
      'modify_user',
      [emailArgument(email), propsArgument('ModifyUserInput!', changes)],
      'user',
      options,
    );
  }

  /** `delete_user(email)`: the user is marked deleted and its keypairs deactivated. */
  delete(email: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_user', [emailArgument(email)], options.signal);
  }

  /** `purge_user(email, props)`: removes the user, its keypairs and memberships for good. */
  purge(
    email: string,
    options: { purgeSharedVfolders?: boolean; signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'purge_user',
      [
        emailArgument(email),
        propsArgument('PurgeUserInput!', { purgeSharedVfolders: options.purgeSharedVfolders ?? false }),
      ],
      options.signal,
    );
  }
}

function emailArgument(email: string): OperationArgument {
  return { name: 'email', type: 'String!', value: email };
}

function filterArguments(filter: UserFilter): OperationArgument[] {
  return [
    domainNameArgument(filter.domainName),
    { name: 'group_id', type: 'UUID', value: filter.groupId },
    { name: 'is_active', type: 'Boolean', value: filter.isActive },
    { name: 'status', type: 'String', value: filter.status },
  ];
}
