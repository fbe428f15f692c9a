import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Database, type KeypairRecord, type VfolderFilter, type VfolderOrderKey } from '@tessera/core';
import {
  checkPage,
  listOrder,
  refuseFilter,
  UUIDScalar,
  type AccessPolicy,
  type GraphQLContext,
} from '@tessera/manager';
import { toVirtualFolder, VirtualFolder, VirtualFolderList } from './vfolder-types';

const ORDER_KEYS: Readonly<Record<string, VfolderOrderKey>> = {
  name: 'name',
  host: 'host',
  created_at: 'createdAt',
  last_used: 'lastUsed',
  usage_mode: 'usageMode',
  status: 'status',
  cur_size: 'curSize',
};

const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/**
 * The admin API's vfolder queries (upstream 22.09's `vfolder_list`, `vfolders`, and `vfolder` by
 * id): superadmins and monitors read every folder, domain admins their domain's, users their own
 * (upstream's scoped_query with `user_id`).
 */
@Resolver(() => VirtualFolder)
@injectable()
export class VfolderResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => VirtualFolder, {
    name: 'vfolder',
    nullable: true,
    description: 'One virtual folder by id; null when the caller may not see it.',
  })
  async vfolder(
    @Arg('id', () => String, { nullable: false }) id: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<VirtualFolder | null> {
    const filter = await this.scoped(caller, access, {});
    if (filter === null) return null;
    const [found] = await this.db.vfolders.list({ ...filter, ids: [dashed(id)] });
    return found ? toVirtualFolder(found) : null;
  }

  @Query(() => VirtualFolderList, {
    name: 'vfolder_list',
    description: 'A page of the virtual folders the caller may see.',
  })
  async vfolderList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('filter', () => String, {
      description: 'Not supported (refused): filter with domain_name, group_id or access_key',
    })
    filter: string | null | undefined,
    @Arg('order', () => String, {
      description: `A field, led by + or -: ${Object.keys(ORDER_KEYS).join(', ')}`,
    })
    order: string | null | undefined,
    @Arg('order_key', () => String, { description: Object.keys(ORDER_KEYS).join(', ') })
    orderKey: string | null | undefined,
    @Arg('order_asc', () => Boolean, { description: 'Default true' }) orderAsc: boolean | null | undefined,
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('group_id', () => UUIDScalar) groupId: string | null | undefined,
    @Arg('access_key', () => String) accessKey: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<VirtualFolderList> {
    const page = checkPage(limit, offset);
    refuseFilter(filter, 'domain_name, group_id or access_key');
    const ordering = listOrder({ order, orderKey, orderAsc }, ORDER_KEYS, 'createdAt');
    const scoped = await this.scoped(caller, access, {
      domainName: given(domainName),
      groupId: given(groupId),
      accessKey: given(accessKey),
    });
    if (scoped === null) return { total_count: 0, items: [] };
    const found = await this.db.vfolders.page(scoped, { ...page, ...ordering });
    return { total_count: found.totalCount, items: found.items.map(toVirtualFolder) };
  }

  @Query(() => [VirtualFolder], {
    name: 'vfolders',
    nullable: true,
    description: 'Legacy: every virtual folder the caller may see.',
  })
  async vfolders(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('group_id', () => String) groupId: string | null | undefined,
    @Arg('access_key', () => String) accessKey: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<VirtualFolder[]> {
    const scoped = await this.scoped(caller, access, {
      domainName: given(domainName),
      groupId: given(groupId),
      accessKey: given(accessKey),
    });
    if (scoped === null) return [];
    return (await this.db.vfolders.list(scoped)).map(toVirtualFolder);
  }

  /** The repository filter for what the caller asked within its reach; null when it reaches nothing asked. */
  private async scoped(
    caller: KeypairRecord,
    access: AccessPolicy,
    asked: { domainName?: string | undefined; groupId?: string | undefined; accessKey?: string | undefined },
  ): Promise<VfolderFilter | null> {
    // The role's reach narrows the filter below; a role without one is refused here.
    const scope =
      access.scopeOf(caller, 'vfolder.read-admin') ?? access.authorize(caller, 'vfolder.read-admin');
    const filter: VfolderFilter = {};
    if (asked.domainName !== undefined) filter.domainName = asked.domainName;
    if (asked.groupId !== undefined) filter.groupIds = [asked.groupId];
    if (asked.accessKey !== undefined) {
      const keypair = await this.db.keypairs.findByAccessKey(asked.accessKey);
      if (!keypair) return null;
      filter.userIds = [keypair.userId];
    }
    if (scope === 'domain') {
      if (filter.domainName !== undefined && filter.domainName !== caller.domainName) return null;
      filter.domainName = caller.domainName;
    }
    if (scope === 'self') {
      if (filter.userIds !== undefined && !filter.userIds.includes(caller.userId)) return null;
      if (filter.groupIds !== undefined) return null;
      filter.userIds = [caller.userId];
    }
    return filter;
  }
}

/** An id with or without dashes, as a dashed UUID. */
function dashed(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
