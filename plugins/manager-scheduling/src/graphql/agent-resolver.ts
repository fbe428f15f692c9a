import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  AGENT_STATUSES,
  Database,
  EventBus,
  type AgentOrderKey,
  type AgentStatus,
  type ListedAgent,
} from '@tessera/core';
import { checkPage, ManagerErrors, listOrder, refuseFilter, type GraphQLContext } from '@tessera/manager';
import { ComputeContainer, toComputeContainer } from '@tessera/manager-sessions';
import { SchedulingSettings } from '../scheduling-settings';
import { AgentContainers, kernelStatuses } from './agent-containers';
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

@InputType('ModifyAgentInput', { description: 'What modify_agent changes on an agent.' })
export class ModifyAgentInput {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Whether the scheduler may place kernels on it; true when not given, as upstream.',
  })
  schedulable?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Refused by Tessera: an agent's resource group is its own configuration (the agent's resourceGroup), reported by its heartbeats.",
  })
  scaling_group?: string | null;
}

@ObjectType('ModifyAgent', { description: "modify_agent's answer: ok, or not with why." })
export class ModifyAgent {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String)
  msg!: string;
}

/** Agents read in pages of this many for the legacy unpaged `agents` query. */
const ALL_AGENTS_PAGE = 1000;

/**
 * `agent`, `agent_list`, the legacy `agents` and `modify_agent` (api-spec §8.8): every agent with
 * its slots, status, live node stats and kernels, for superadmins only (`agent.read`,
 * `agent.modify`), as upstream's admin queries. `compute_containers` reads the kernels of a whole
 * page of agents in one statement.
 */
@Resolver(() => Agent)
@injectable()
export class AgentResolver {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(EventBus) private readonly bus: EventBus,
    @inject(SchedulingSettings) private readonly settings: Pick<SchedulingSettings, 'source'>,
  ) {}

  @Query(() => Agent, { name: 'agent', description: 'One agent by id; null when there is none.' })
  async agent(
    @Arg('agent_id', () => String, { nullable: false }) agentId: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Agent | null> {
    access.authorize(caller, 'agent.read');
    const found = await this.db.agents.list({ id: agentId, limit: 1, offset: 0 });
    const agent: ListedAgent | undefined = found.items[0];
    return agent ? this.withContainers([agent])[0]! : null;
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
    return { total_count: found.totalCount, items: this.withContainers(found.items) };
  }

  @Query(() => [Agent], {
    name: 'agents',
    description: 'Legacy: every agent (unpaged), ordered by status, scaling group, then id.',
  })
  async agents(
    @Arg('scaling_group', () => String, { description: 'Only agents of this resource group' })
    scalingGroup: string | null | undefined,
    @Arg('status', () => String, { description: `Only agents in this status: ${AGENT_STATUSES.join(', ')}` })
    status: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Agent[]> {
    access.authorize(caller, 'agent.read');
    const group = given(scalingGroup);
    const wanted = given(status);
    const filters = {
      ...(group !== undefined ? { resourceGroup: group } : {}),
      ...(wanted !== undefined ? { status: agentStatus(wanted) } : {}),
    };
    const all: ListedAgent[] = [];
    for (let offset = 0; ; offset += ALL_AGENTS_PAGE) {
      const page = await this.db.agents.list({ ...filters, limit: ALL_AGENTS_PAGE, offset });
      all.push(...page.items);
      if (page.items.length < ALL_AGENTS_PAGE || all.length >= page.totalCount) break;
    }
    return this.withContainers(all);
  }

  @FieldResolver(() => [ComputeContainer], {
    name: 'compute_containers',
    nullable: 'itemsAndList',
    description:
      "The agent's kernels (every status unless `status` is given), by creation time; read for the whole page at once.",
  })
  async computeContainers(
    @Root() agent: Agent,
    @Arg('status', () => String, {
      description: 'Only kernels in these statuses (one, or several comma-separated)',
    })
    status: string | null | undefined,
    @Ctx() { seesAgents }: GraphQLContext,
  ): Promise<ComputeContainer[]> {
    const statuses = kernelStatuses(status);
    const containers = agent.containers ?? new AgentContainers(this.db, [agent.id]);
    const kernels = await containers.of(agent.id, statuses);
    return kernels.map((kernel) => toComputeContainer(kernel, seesAgents));
  }

  @Mutation(() => ModifyAgent, {
    name: 'modify_agent',
    description: 'Sets whether the scheduler may place kernels on the agent (superadmins only).',
  })
  async modifyAgent(
    @Arg('id', () => String, { nullable: false }) id: string,
    @Arg('props', () => ModifyAgentInput, { nullable: false }) props: ModifyAgentInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ModifyAgent> {
    access.authorize(caller, 'agent.modify');
    if (given(props.scaling_group) !== undefined) {
      throw ManagerErrors.invalidParams(
        "props.scaling_group cannot be changed through the API: an agent's resource group is its own configuration (set resourceGroup in the agent's config and restart it)",
        { field: 'props.scaling_group' },
      );
    }
    const schedulable = given(props.schedulable) ?? true;
    if (!(await this.db.agents.setSchedulable(id, schedulable))) {
      return Object.assign(new ModifyAgent(), { ok: false, msg: 'no matching agent' });
    }
    if (schedulable) {
      // Sessions of its group may have waited for room it now offers: ask for a pass (any manager).
      const agent = await this.db.agents.get(id);
      if (agent)
        await this.bus.publish('do_schedule', { resourceGroup: agent.resourceGroup }, this.settings.source);
    }
    return Object.assign(new ModifyAgent(), { ok: true, msg: 'success' });
  }

  /** The page as GraphQL agents sharing one kernel read for `compute_containers`. */
  private withContainers(agents: readonly ListedAgent[]): Agent[] {
    const now = new Date();
    const containers = new AgentContainers(
      this.db,
      agents.map((agent) => agent.id),
    );
    return agents.map((agent) => Object.assign(toAgent(agent, now), { containers }));
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
