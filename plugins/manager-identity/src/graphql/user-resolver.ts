import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  Database,
  type KeypairRecord,
  type Page,
  type UserChanges,
  type UserListQuery,
  type UserOrderKey,
  type UserRecord,
  type UserStatus,
} from '@tessera/core';
import {
  checkPage,
  UUIDScalar,
  type AccessPolicy,
  type GraphQLContext,
  listOrder,
  refuseFilter,
} from '@tessera/manager';
import { generateAccessKey, generateSecretKey, Passwords } from '../passwords';
import {
  checkEmail,
  checkName,
  checkPassword,
  checkRole,
  checkStatus,
  checkUsername,
  checkUuid,
} from './input-checks';
import { ModifyUserInput, PurgeUserInput, UserInput } from './identity-inputs';
import { User, UserList } from './identity-types';
import { toKeyPair, toUser } from './identity-views';
import { CreateUser, DeleteUser, ModifyUser, PurgeUser, type Outcome } from './mutation-payloads';
import { failed, given, outcome } from './outcome';
import { checkBeforeLookup } from './reach';

/** The fields `user_list` orders by (`order`, `order_key`): upstream's names the repository can sort on. */
const USER_ORDER_KEYS: Readonly<Record<string, UserOrderKey>> = {
  email: 'email',
  username: 'username',
  created_at: 'createdAt',
  modified_at: 'modifiedAt',
  role: 'role',
  status: 'status',
};
const INACTIVE_STATUSES: readonly UserStatus[] = ['inactive', 'deleted', 'before-verification'];
/** The rate limit of a new user's main keypair, as upstream sets it. */
const MAIN_KEYPAIR_RATE_LIMIT = 10_000;

/** A listing's repository filters, or for a caller reaching only itself, its e-mail (`self`). */
type ScopedQuery = Omit<UserListQuery, 'limit' | 'offset'> & { self?: string };

/** The listing filters of `users` and `user_list`. */
interface UserFilters {
  domainName?: string | undefined;
  groupId?: string | undefined;
  isActive?: boolean | undefined;
  status?: string | undefined;
}

/**
 * Users (api-spec §8.9): superadmins everywhere, domain admins in their domain (never a
 * superadmin's account), users read themselves, monitors read everyone. Creating a user makes its
 * main keypair, whose secret key the answer carries once.
 */
@Resolver(() => User)
@injectable()
export class UserResolver {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(Passwords) private readonly passwords: Passwords,
  ) {}

  @Query(() => User, {
    name: 'user',
    description: 'One user by e-mail (default: the caller); null when there is none.',
  })
  async user(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('email', () => String) email: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<User | null> {
    const asked = given(email) ?? caller.userEmail;
    checkBeforeLookup(access, caller, 'user.read', { userEmail: asked });
    return this.readable(caller, access, await this.db.identity.users.getByEmail(asked), given(domainName));
  }

  @Query(() => User, { name: 'user_from_uuid', description: 'One user by uuid (default: the caller).' })
  async userFromUuid(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('user_id', () => ID) userId: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<User | null> {
    const asked = checkUuid(given(userId) ?? caller.userId, 'user_id');
    checkBeforeLookup(access, caller, 'user.read', { userId: asked });
    return this.readable(caller, access, await this.db.identity.users.get(asked), given(domainName));
  }

  @Query(() => [User], { name: 'users', description: 'Every user the caller may see, by e-mail.' })
  async users(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('group_id', () => UUIDScalar) groupId: string | null | undefined,
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Arg('status', () => String) status: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<User[]> {
    const query = this.scoped(caller, access, {
      domainName: given(domainName),
      groupId: given(groupId),
      isActive: given(isActive),
      status: given(status),
    });
    if (query === null) return [];
    const users: UserRecord[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.list({ ...query, limit: 100, offset, orderBy: 'email' });
      users.push(...page.items);
      if (page.items.length < 100 || users.length >= page.totalCount) break;
    }
    return users.map(toUser);
  }

  @Query(() => UserList, { name: 'user_list', description: 'A page of the users the caller may see.' })
  async userList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('filter', () => String, {
      description: 'Not supported (refused): filter with search, domain_name, group_id, status or is_active',
    })
    filter: string | null | undefined,
    @Arg('order', () => String, {
      description: `A field, led by + (ascending, default) or - (descending): ${Object.keys(USER_ORDER_KEYS).join(', ')}`,
    })
    order: string | null | undefined,
    @Arg('order_key', () => String, { description: Object.keys(USER_ORDER_KEYS).join(', ') })
    orderKey: string | null | undefined,
    @Arg('order_asc', () => Boolean, { description: 'Default true' }) orderAsc: boolean | null | undefined,
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('group_id', () => UUIDScalar) groupId: string | null | undefined,
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Arg('status', () => String) status: string | null | undefined,
    @Arg('search', () => String, { description: 'Part of the e-mail, username or full name' })
    search: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<UserList> {
    const page = checkPage(limit, offset);
    refuseFilter(filter, 'search, domain_name, group_id, status or is_active');
    const ordering = listOrder({ order, orderKey, orderAsc }, USER_ORDER_KEYS, 'createdAt');
    const query = this.scoped(caller, access, {
      domainName: given(domainName),
      groupId: given(groupId),
      isActive: given(isActive),
      status: given(status),
    });
    if (query === null) return { total_count: 0, items: [] };
    const text = given(search);
    const found = await this.list({
      ...query,
      ...page,
      ...ordering,
      ...(text ? { search: text } : {}),
    });
    return { total_count: found.totalCount, items: found.items.map(toUser) };
  }

  @Mutation(() => CreateUser, {
    name: 'create_user',
    description: 'Creates a user and its main keypair (answered once with its secret key).',
  })
  async createUser(
    @Arg('email', () => String, { nullable: false }) email: string,
    @Arg('props', () => UserInput, { nullable: false }) props: UserInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<User>> {
    const role = checkRole(given(props.role) ?? 'user', 'props.role');
    access.authorize(caller, 'user.create', { domainName: props.domain_name, role });
    checkEmail(email);
    checkUsername(props.username, 'props.username');
    checkPassword(props.password, 'props.password');
    const status = userStatus(props);
    const groupIds = (given(props.group_ids) ?? []).map((id, i) => checkUuid(id, `props.group_ids[${i}]`));
    const keypairPolicy = given(props.keypair_resource_policy) ?? 'default';
    checkName(keypairPolicy, 'props.keypair_resource_policy');
    const passwordHash = await this.passwords.hash(props.password);
    const result = await outcome(async () => {
      const created = await this.db.identity.users.create({
        email,
        username: props.username,
        passwordHash,
        needPasswordChange: props.need_password_change,
        fullName: given(props.full_name) ?? null,
        description: given(props.description) ?? null,
        status: status ?? 'active',
        role,
        domainName: props.domain_name,
        resourcePolicy: given(props.resource_policy) ?? null,
        groupIds,
        mainKeypair: {
          accessKey: generateAccessKey(),
          secretKey: generateSecretKey(),
          isActive: (status ?? 'active') === 'active',
          isAdmin: role === 'superadmin' || role === 'admin',
          resourcePolicy: keypairPolicy,
          rateLimit: MAIN_KEYPAIR_RATE_LIMIT,
        },
      });
      return created;
    });
    if (!result.ok || !result.item) return failed(result.msg);
    return {
      ok: true,
      msg: 'success',
      item: toUser(result.item.user),
      keypair: toKeyPair(result.item.keypair, true),
    };
  }

  @Mutation(() => ModifyUser, { name: 'modify_user' })
  async modifyUser(
    @Arg('email', () => String, { nullable: false }) email: string,
    @Arg('props', () => ModifyUserInput, { nullable: false }) props: ModifyUserInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<User>> {
    const user = await this.writable(caller, access, 'user.modify', email);
    if (!user) return failed(`user "${email}" not found`);
    const changes: UserChanges = {};
    const role = given(props.role);
    const domainName = given(props.domain_name);
    if (role !== undefined || domainName !== undefined) {
      // The new role and domain must be within the caller's reach too: no raising to superadmin, no moving away.
      changes.role = checkRole(role ?? user.role, 'props.role');
      access.authorize(caller, 'user.modify', {
        domainName: domainName ?? user.domainName,
        role: changes.role,
      });
      if (domainName !== undefined) changes.domainName = domainName;
      if (role === undefined) delete changes.role;
    }
    const username = given(props.username);
    if (username !== undefined) changes.username = checkUsername(username, 'props.username');
    const password = given(props.password);
    if (password !== undefined)
      changes.passwordHash = await this.passwords.hash(checkPassword(password, 'props.password'));
    if (props.need_password_change !== undefined && props.need_password_change !== null)
      changes.needPasswordChange = props.need_password_change;
    if (props.full_name !== undefined && props.full_name !== null) changes.fullName = props.full_name;
    if (props.description !== undefined && props.description !== null)
      changes.description = props.description;
    const status = userStatus(props);
    if (status !== undefined) changes.status = status;
    if (props.group_ids)
      changes.groupIds = props.group_ids.map((id, i) => checkUuid(id, `props.group_ids[${i}]`));
    if (props.resource_policy !== undefined && props.resource_policy !== null)
      changes.resourcePolicy = props.resource_policy;
    const mainAccessKey = given(props.main_access_key);
    if (mainAccessKey !== undefined) changes.mainAccessKey = mainAccessKey;
    return outcome(async () => toUser(await this.db.identity.users.modify(email, changes)));
  }

  @Mutation(() => DeleteUser, {
    name: 'delete_user',
    description: 'Marks the user deleted and deactivates its keypairs; the rows stay.',
  })
  async deleteUser(
    @Arg('email', () => String, { nullable: false }) email: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    const user = await this.writable(caller, access, 'user.delete', email);
    if (!user) return failed(`user "${email}" not found`);
    return outcome(() => this.db.identity.users.closeAccount(email, 'deleted'));
  }

  @Mutation(() => PurgeUser, {
    name: 'purge_user',
    description: 'Removes the user, its keypairs and memberships; refused while its sessions run.',
  })
  async purgeUser(
    @Arg('email', () => String, { nullable: false }) email: string,
    @Arg('props', () => PurgeUserInput) _props: PurgeUserInput | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    const user = await this.writable(caller, access, 'user.purge', email);
    if (!user) return failed(`user "${email}" not found`);
    return outcome(() => this.db.identity.users.purge(email));
  }

  /** The user if the caller may read it and it is in the asked domain; null when there is none. */
  private readable(
    caller: KeypairRecord,
    access: AccessPolicy,
    user: UserRecord | null,
    domainName: string | undefined,
  ): User | null {
    if (!user || (domainName !== undefined && user.domainName !== domainName)) return null;
    access.authorize(caller, 'user.read', {
      domainName: user.domainName,
      userEmail: user.email,
      userId: user.uuid,
    });
    return toUser(user);
  }

  /** The user a write names, after the permission check on it (a superadmin's account is out of a domain admin's reach). */
  private async writable(
    caller: KeypairRecord,
    access: AccessPolicy,
    action: string,
    email: string,
  ): Promise<UserRecord | null> {
    checkBeforeLookup(access, caller, action, { userEmail: email });
    const user = await this.db.identity.users.getByEmail(email);
    if (!user) {
      access.authorize(caller, action, { domainName: caller.domainName });
      return null;
    }
    access.authorize(caller, action, {
      domainName: user.domainName,
      userEmail: user.email,
      userId: user.uuid,
      role: user.role,
    });
    return user;
  }

  /**
   * A listing's filters confined to the caller's reach: the asked domain must be the caller's
   * unless it reaches everywhere (`forbidden` otherwise), and a user lists only itself. Null when
   * the filters can match nothing.
   */
  private scoped(caller: KeypairRecord, access: AccessPolicy, filters: UserFilters): ScopedQuery | null {
    const scope = access.authorize(caller, 'user.read', {
      domainName: filters.domainName ?? caller.domainName,
      ...(access.scopeOf(caller, 'user.read') === 'self' ? { userEmail: caller.userEmail } : {}),
    });
    const statuses = listStatuses(filters.isActive, filters.status);
    if (statuses !== undefined && statuses.length === 0) return null;
    const query: ScopedQuery = {
      ...(statuses ? { statuses } : {}),
      ...(filters.groupId !== undefined ? { groupId: checkUuid(filters.groupId, 'group_id') } : {}),
    };
    if (scope === 'any') {
      if (filters.domainName !== undefined) query.domainName = filters.domainName;
      return query;
    }
    query.domainName = caller.domainName;
    if (scope === 'self') query.self = caller.userEmail;
    return query;
  }

  /** A listing: through the repository, or for a caller reaching only itself, its own row if it matches. */
  private async list(
    query: ScopedQuery & Pick<UserListQuery, 'limit' | 'offset'>,
  ): Promise<Page<UserRecord>> {
    const { self, ...rest } = query;
    if (self === undefined) return this.db.identity.users.list(rest);
    const own = await this.db.identity.users.getByEmail(self);
    const matches =
      own !== null &&
      (rest.statuses === undefined || rest.statuses.includes(own.status)) &&
      (rest.groupId === undefined || own.groups.some((group) => group.id === rest.groupId));
    const items = matches ? [own] : [];
    return { totalCount: items.length, items: items.slice(rest.offset, rest.offset + rest.limit) };
  }
}

/** The status a create or modify sets: `status` if given, else `is_active` false means inactive. */
function userStatus(props: { status?: string | null; is_active?: boolean | null }): UserStatus | undefined {
  const status = given(props.status);
  if (status !== undefined) return checkStatus(status, 'props.status');
  if (props.is_active === true) return 'active';
  if (props.is_active === false) return 'inactive';
  return undefined;
}

function listStatuses(isActive: boolean | undefined, status: string | undefined): UserStatus[] | undefined {
  let statuses: UserStatus[] | undefined;
  if (isActive === true) statuses = ['active'];
  if (isActive === false) statuses = [...INACTIVE_STATUSES];
  if (status !== undefined) {
    const one = checkStatus(status, 'status');
    statuses = statuses === undefined ? [one] : statuses.filter((s) => s === one);
  }
  return statuses;
}
