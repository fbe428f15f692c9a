import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import {
  AGENT_STATUSES,
  Database,
  type AgentOrderKey,
  type AgentStatus,
  type ListedAgent,
} from '@tessera/core';
import { checkPage, ManagerErrors, listOrder, refuseFilter, type GraphQLContext } from '@tessera/manager';
import { Agent, AgentList } from './agent-type';
import { toAgent } from './agent-view';

/** The fields `agent_list` orders by (`order`, `order_key`), upstream's names. */
const AGENT_ORDER_KEYS: Readonly<Record<string, AgentOrderKey>> = {
  id: 'id',
  status: 'status',
  status_changed: 'statusChanged',
  region: 'region',
  scaling_group: 'resourceGroup',
  schedulable: 'schedulable',
  addr: 'address',
  first_contact: 'firstContact',
  lost_at: 'lostAt',
  version: 'version',
};

/** Null and undefined alike: an argument not given. */
const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/**
 * `agent` and `agent_list` (api-spec §8.8): every agent with its slots and status, for
 * superadmins only (`agent.read`), as upstream's admin queries.
 */
@Resolver(() => Agent)
@injectable()
export class AgentResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => Agent, { name: 'agent', description: 'One agent by id; null when there is none.' })
  async agent(
    @Arg('agent_id', () => String, { nullable: false }) agentId: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Agent | null> {
    access.authorize(caller, 'agent.read');
    const found = await this.db.agents.list({ id: agentId, limit: 1, offset: 0 });
    const agent: ListedAgent | undefined = found.items[0];
    return agent ? toAgent(agent) : null;
  }

  @Query(() => AgentList, {
    name: 'agent_list',
    description: 'A page of agents; by default ordered by status, scaling group, then id.',
  })
  async agentList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('filter', () => String, {
      description: 'Not supported (refused): filter with status and scaling_group',
    })
    filter: string | null | undefined,
    @Arg('order', () => String, {
      description: `A field, led by + (ascending, default) or - (descending): ${Object.keys(AGENT_ORDER_KEYS).join(', ')}`,
    })
    order: string | null | undefined,
    @Arg('order_key', () => String, { description: Object.keys(AGENT_ORDER_KEYS).join(', ') })
    orderKey: string | null | undefined,
    @Arg('order_asc', () => Boolean, { description: 'Default true' }) orderAsc: boolean | null | undefined,
    @Arg('scaling_group', () => String, { description: 'Only agents of this resource group' })
    scalingGroup: string | null | undefined,
    @Arg('status', () => String, { description: `Only agents in this status: ${AGENT_STATUSES.join(', ')}` })
    status: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<AgentList> {
    access.authorize(caller, 'agent.read');
    const page = checkPage(limit, offset);
    refuseFilter(filter, 'status and scaling_group');
    const ordering = listOrder<AgentOrderKey | undefined>(
      { order, orderKey, orderAsc },
      AGENT_ORDER_KEYS,
      undefined,
    );
    const group = given(scalingGroup);
    const wanted = given(status);
    const found = await this.db.agents.list({
      ...page,
      ...(ordering.orderBy !== undefined ? { orderBy: ordering.orderBy } : {}),
      ascending: ordering.ascending,
      ...(group !== undefined ? { resourceGroup: group } : {}),
      ...(wanted !== undefined ? { status: agentStatus(wanted) } : {}),
    });
    return { total_count: found.totalCount, items: found.items.map(toAgent) };
  }
}

/** An agent status by name, or `invalid-api-params` listing the statuses. */
function agentStatus(name: string): AgentStatus {
  if ((AGENT_STATUSES as readonly string[]).includes(name)) return name as AgentStatus;
  throw ManagerErrors.invalidParams(
    `Unknown agent status "${name}"; use one of ${AGENT_STATUSES.join(', ')}`,
    { field: 'status' },
  );
}
