import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  Database,
  type KeypairChanges,
  type KeypairDetail,
  type KeypairListQuery,
  type KeypairOrderKey,
  type KeypairRecord,
} from '@tessera/core';
import { checkPage, type AccessPolicy, type GraphQLContext, listOrder, refuseFilter } from '@tessera/manager';
import { generateAccessKey, generateSecretKey } from '../passwords';
import { checkCount, checkName } from './input-checks';
import { KeyPairInput, ModifyKeyPairInput } from './identity-inputs';
import { KeyPair, KeyPairList } from './identity-types';
import { toKeyPair } from './identity-views';
import { CreateKeyPair, DeleteKeyPair, ModifyKeyPair, type Outcome } from './mutation-payloads';
import { failed, given, outcome } from './outcome';
import { checkBeforeLookup } from './reach';

/** The fields `keypair_list` orders by (`order`, `order_key`); `email` is upstream's name of the owner's e-mail. */
const KEYPAIR_ORDER_KEYS: Readonly<Record<string, KeypairOrderKey>> = {
  access_key: 'accessKey',
  created_at: 'createdAt',
  last_used: 'lastUsed',
  user_id: 'userEmail',
  email: 'userEmail',
  resource_policy: 'resourcePolicy',
};

interface KeypairFilters {
  domainName?: string | undefined;
  email?: string | undefined;
  isActive?: boolean | undefined;
}

/**
 * Keypairs (api-spec §8.11): superadmins everywhere, domain admins in their domain (never a
 * superadmin's keypair), users and monitors read. The secret key is answered to the keypair's
 * owner and superadmins (`keypair.read-secret`), and once by create_keypair and create_user.
 */
@Resolver(() => KeyPair)
@injectable()
export class KeypairResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => KeyPair, {
    name: 'keypair',
    description: "One keypair (default: the caller's); null when there is none.",
  })
  async keypair(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('access_key', () => String) accessKey: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<KeyPair | null> {
    checkBeforeLookup(access, caller, 'keypair.read', {
      domainName: caller.domainName,
      userEmail: caller.userEmail,
    });
    const keypair = await this.db.identity.keypairs.get(given(accessKey) ?? caller.accessKey);
    if (!keypair || (given(domainName) !== undefined && keypair.domainName !== domainName)) return null;
    access.authorize(caller, 'keypair.read', ownerOf(keypair));
    return this.view(caller, access, keypair);
  }

  @Query(() => [KeyPair], { name: 'keypairs', description: 'Every keypair the caller may see.' })
  async keypairs(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('email', () => String) email: string | null | undefined,
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<KeyPair[]> {
    const query = this.scoped(caller, access, {
      domainName: given(domainName),
      email: given(email),
      isActive: given(isActive),
    });
    const keypairs: KeypairDetail[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.db.identity.keypairs.list({
        ...query,
        limit: 100,
        offset,
        orderBy: 'accessKey',
      });
      keypairs.push(...page.items);
      if (page.items.length < 100 || keypairs.length >= page.totalCount) break;
    }
    return keypairs.map((keypair) => this.view(caller, access, keypair));
  }

  @Query(() => KeyPairList, {
    name: 'keypair_list',
    description: 'A page of the keypairs the caller may see.',
  })
  async keypairList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('filter', () => String, {
      description: 'Not supported (refused): filter with domain_name, email or is_active',
    })
    filter: string | null | undefined,
    @Arg('order', () => String, {
      description: `A field, led by + (ascending, default) or - (descending): ${Object.keys(KEYPAIR_ORDER_KEYS).join(', ')}`,
    })
    order: string | null | undefined,
    @Arg('order_key', () => String, { description: Object.keys(KEYPAIR_ORDER_KEYS).join(', ') })
    orderKey: string | null | undefined,
    @Arg('order_asc', () => Boolean, { description: 'Default true' }) orderAsc: boolean | null | undefined,
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('email', () => String) email: string | null | undefined,
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<KeyPairList> {
    const page = checkPage(limit, offset);
    refuseFilter(filter, 'domain_name, email or is_active');
    const ordering = listOrder({ order, orderKey, orderAsc }, KEYPAIR_ORDER_KEYS, 'createdAt');
    const query = this.scoped(caller, access, {
      domainName: given(domainName),
      email: given(email),
      isActive: given(isActive),
    });
    const found = await this.db.identity.keypairs.list({
      ...query,
      ...page,
      ...ordering,
    });
    return {
      total_count: found.totalCount,
      items: found.items.map((keypair) => this.view(caller, access, keypair)),
    };
  }

  @Mutation(() => CreateKeyPair, {
    name: 'create_keypair',
    description:
      'A new keypair for the user with this e-mail (user_id); the answer carries its secret key once.',
  })
  async createKeypair(
    @Arg('user_id', () => String, { nullable: false, description: "The user's e-mail" }) userId: string,
    @Arg('props', () => KeyPairInput, { nullable: false }) props: KeyPairInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<KeyPair>> {
    checkBeforeLookup(access, caller, 'keypair.create', { userEmail: userId });
    const user = await this.db.identity.users.getByEmail(userId);
    if (!user) {
      access.authorize(caller, 'keypair.create', { domainName: caller.domainName });
      return failed(`user "${userId}" not found`);
    }
    access.authorize(caller, 'keypair.create', {
      domainName: user.domainName,
      userEmail: user.email,
      userId: user.uuid,
      role: user.role,
    });
    checkName(props.resource_policy, 'props.resource_policy');
    checkCount(props.rate_limit, 'props.rate_limit');
    return outcome(async () => {
      const created = await this.db.identity.keypairs.create(user.email, {
        accessKey: generateAccessKey(),
        secretKey: generateSecretKey(),
        isActive: props.is_active ?? true,
        isAdmin: props.is_admin ?? false,
        resourcePolicy: props.resource_policy,
        rateLimit: props.rate_limit,
      });
      return toKeyPair(created, true);
    });
  }

  @Mutation(() => ModifyKeyPair, { name: 'modify_keypair' })
  async modifyKeypair(
    @Arg('access_key', () => String, { nullable: false }) accessKey: string,
    @Arg('props', () => ModifyKeyPairInput, { nullable: false }) props: ModifyKeyPairInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<KeyPair>> {
    const keypair = await this.writable(caller, access, 'keypair.modify', accessKey);
    if (!keypair) return failed(`keypair "${accessKey}" not found`);
    const changes: KeypairChanges = {};
    if (props.is_active !== undefined && props.is_active !== null) changes.isActive = props.is_active;
    if (props.is_admin !== undefined && props.is_admin !== null) changes.isAdmin = props.is_admin;
    if (props.resource_policy !== undefined && props.resource_policy !== null)
      changes.resourcePolicy = checkName(props.resource_policy, 'props.resource_policy');
    if (props.rate_limit !== undefined && props.rate_limit !== null)
      changes.rateLimit = checkCount(props.rate_limit, 'props.rate_limit');
    return outcome(async () =>
      this.view(caller, access, await this.db.identity.keypairs.modify(accessKey, changes)),
    );
  }

  @Mutation(() => DeleteKeyPair, {
    name: 'delete_keypair',
    description: "Deletes a keypair; a user's main keypair cannot be deleted.",
  })
  async deleteKeypair(
    @Arg('access_key', () => String, { nullable: false }) accessKey: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    const keypair = await this.writable(caller, access, 'keypair.delete', accessKey);
    if (!keypair) return failed(`keypair "${accessKey}" not found`);
    return outcome(() => this.db.identity.keypairs.delete(accessKey));
  }

  /** The keypair a write names, after the permission check with its owner's domain and role. */
  private async writable(
    caller: KeypairRecord,
    access: AccessPolicy,
    action: string,
    accessKey: string,
  ): Promise<KeypairDetail | null> {
    checkBeforeLookup(access, caller, action, { accessKey });
    const keypair = await this.db.identity.keypairs.get(accessKey);
    if (!keypair) {
      access.authorize(caller, action, { domainName: caller.domainName });
      return null;
    }
    const owner = await this.db.identity.users.get(keypair.userUuid);
    access.authorize(caller, action, { ...ownerOf(keypair), role: owner?.role ?? 'superadmin' });
    return keypair;
  }

  /**
   * The keypair's SSH private key, to whom may read its secret key (its owner, a superadmin);
   * null for anybody else and when none was made. Read only when asked for.
   */
  @FieldResolver(() => String, { name: 'ssh_private_key', nullable: true })
  async sshPrivateKey(
    @Root() keypair: KeyPair,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<string | null> {
    const owner = { domainName: keypair.domain_name, userEmail: keypair.user_id, userId: keypair.user };
    if (!access.allows(caller, 'keypair.read-secret', owner)) return null;
    return (await this.db.identity.keypairs.sshKeypair(keypair.access_key))?.privateKey ?? null;
  }

  private view(caller: KeypairRecord, access: AccessPolicy, keypair: KeypairDetail): KeyPair {
    return toKeyPair(keypair, access.allows(caller, 'keypair.read-secret', ownerOf(keypair)));
  }

  /** A listing's filters confined to the caller's reach (`forbidden` for another domain or, for a user, another e-mail). */
  private scoped(
    caller: KeypairRecord,
    access: AccessPolicy,
    filters: KeypairFilters,
  ): Omit<KeypairListQuery, 'limit' | 'offset'> {
    const self = access.scopeOf(caller, 'keypair.read') === 'self';
    const scope = access.authorize(caller, 'keypair.read', {
      domainName: filters.domainName ?? caller.domainName,
      ...(self ? { userEmail: filters.email ?? caller.userEmail } : {}),
    });
    const query: Omit<KeypairListQuery, 'limit' | 'offset'> = {
      ...(filters.isActive !== undefined ? { isActive: filters.isActive } : {}),
      ...(filters.email !== undefined ? { userEmail: filters.email } : {}),
      ...(filters.domainName !== undefined ? { domainName: filters.domainName } : {}),
    };
    if (scope === 'any') return query;
    query.domainName = caller.domainName;
    if (scope === 'self') query.userEmail = caller.userEmail;
    return query;
  }
}

/** A keypair as a permission target: its domain and owner. */
function ownerOf(keypair: KeypairDetail) {
  return { domainName: keypair.domainName, userEmail: keypair.userEmail, userId: keypair.userUuid };
}
