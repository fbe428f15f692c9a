import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkPage, UUIDScalar, type GraphQLContext, listOrder, refuseFilter } from '@tessera/manager';
import { ComputeSession, ComputeSessionList } from './compute-session-type';
import { toComputeSession } from './compute-session-view';
import { SESSION_ORDER_KEYS, sessionStatuses } from './list-arguments';
import { VisibleSessions } from './visible-sessions';

/** Absent and null arguments alike mean "not given". */
function given<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** `compute_session`, `compute_session_list` and the session fields that need a lookup. */
@Resolver(() => ComputeSession)
@injectable()
export class ComputeSessionResolver {
  constructor(@inject(VisibleSessions) private readonly sessions: VisibleSessions) {}

  @Query(() => ComputeSession, {
    name: 'compute_session',
    nullable: true,
    description: 'One session by id; null when there is none the caller may see.',
  })
  async computeSession(
    @Arg('id', () => UUIDScalar, { nullable: false }) id: string,
    @Ctx() { caller, access, seesAgents }: GraphQLContext,
  ): Promise<ComputeSession | null> {
    const session = await this.sessions.byId({ caller, access }, id);
    return session ? toComputeSession(session, seesAgents) : null;
  }

  @Query(() => ComputeSessionList, {
    name: 'compute_session_list',
    description:
      'A page of sessions (newest first unless order_key is given). status is one status or a comma-separated list.',
  })
  async computeSessionList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('order_key', () => String) orderKey: string | null | undefined,
    @Arg('order_asc', () => Boolean, { description: 'Default true with an order_key' })
    orderAsc: boolean | null | undefined,
    @Arg('order', () => String, {
      description: 'Upstream form, instead of order_key/order_asc: a field, optionally led by + or -',
    })
    order: string | null | undefined,
    @Arg('filter', () => String, {
      description: 'Upstream filter expressions: not supported, refused when given',
    })
    filter: string | null | undefined,
    @Arg('domain_name', () => String, { description: 'Superadmins: any domain' })
    domainName: string | null | undefined,
    @Arg('group_id', () => String, { description: 'A project id' }) groupId: string | null | undefined,
    @Arg('access_key', () => String, { description: 'Admins: another keypair' })
    accessKey: string | null | undefined,
    @Arg('status', () => String) status: string | null | undefined,
    @Ctx() { caller, access, seesAgents }: GraphQLContext,
  ): Promise<ComputeSessionList> {
    refuseFilter(filter, 'status, access_key, domain_name and group_id');
    const { orderBy, ascending } = listOrder(
      { order, orderKey, orderAsc },
      SESSION_ORDER_KEYS,
      'createdAt',
      false,
    );
    const statuses = sessionStatuses(status);
    const page = await this.sessions.page(
      { caller, access },
      { domainName: given(domainName), groupId: given(groupId), accessKey: given(accessKey) },
      {
        ...checkPage(limit, offset),
        orderBy,
        ascending,
        ...(statuses ? { statuses } : {}),
      },
    );
    return Object.assign(new ComputeSessionList(), {
      totalCount: page.totalCount,
      items: page.items.map((session) => toComputeSession(session, seesAgents)),
    });
  }

  @FieldResolver(() => [ComputeSession], {
    description: 'The sessions this one waits for (pipeline dependencies), oldest first.',
  })
  dependencies(
    @Root() session: ComputeSession,
    @Ctx() { caller, access, seesAgents }: GraphQLContext,
  ): ComputeSession[] | Promise<ComputeSession[]> {
    const ids = session.source.dependencies ?? [];
    // Most sessions wait for none: answered at once, without a promise per session of a page.
    if (ids.length === 0) return [];
    return this.sessions
      .manyBatched({ caller, access }, ids)
      .then((found) => found.map((dependency) => toComputeSession(dependency, seesAgents)));
  }
}
