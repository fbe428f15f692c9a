import 'reflect-metadata';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONStringScalar } from '@tessera/manager';
import type { AgentContainers } from './agent-containers';

/**
 * An agent as Backend.AI's admin API answers it (api-spec §8.8; upstream 22.09's `Agent`), for
 * superadmins. `live_stat` is the node's measures from the agent's last `agent_stats`, kept for
 * {@link LIVE_STAT_LIFESPAN_SECONDS} as upstream's Redis entry; Tessera gathers no hardware metadata or
 * agent-side local config: those fields answer null, as upstream does for an agent it cannot reach.
 */
@ObjectType('Agent', { description: 'A compute node: its status, resource group and slots.' })
export class Agent {
  @Field(() => ID, { nullable: false, description: 'The agent id.' })
  id!: string;

  @Field(() => String, { description: 'ALIVE, LOST, RESTARTING or TERMINATED.' })
  status!: string;

  @Field(() => DateTimeScalar)
  status_changed!: Date;

  @Field(() => String)
  region!: string;

  @Field(() => String, { description: 'The resource group (scaling group) it belongs to.' })
  scaling_group!: string;

  @Field(() => Boolean)
  schedulable!: boolean;

  @Field(() => JSONStringScalar, { description: 'Its capacity per slot, as decimal strings.' })
  available_slots!: Record<string, string>;

  @Field(() => JSONStringScalar, { description: 'What its kernels hold per slot, as decimal strings.' })
  occupied_slots!: Record<string, string>;

  @Field(() => String, { description: "The agent's RPC address." })
  addr!: string;

  @Field(() => String)
  architecture!: string;

  @Field(() => DateTimeScalar)
  first_contact!: Date;

  @Field(() => DateTimeScalar, { description: 'When it was marked LOST; null while it heartbeats.' })
  lost_at!: Date | null;

  @Field(() => JSONStringScalar, {
    description:
      'The node\'s measures from its last statistics report, as upstream: {"node": {measure: {current, capacity, pct, unit_hint, ...}}, "devices": {}}; null before a report or once the last one is older than 120 seconds (a lost agent\'s stats expire as upstream\'s).',
  })
  live_stat!: Record<string, unknown> | null;

  @Field(() => String)
  version!: string;

  @Field(() => JSONStringScalar, { description: 'What each compute plugin reported in heartbeats.' })
  compute_plugins!: Record<string, Record<string, unknown>>;

  @Field(() => JSONStringScalar, { description: 'Not gathered by Tessera: null.' })
  hardware_metadata!: null;

  @Field(() => JSONStringScalar, { description: 'Not gathered by Tessera: null.' })
  local_config!: null;

  // Legacy fields, from the slots above (memory in MiB).
  @Field(() => Int)
  mem_slots!: number | null;

  @Field(() => Float)
  cpu_slots!: number | null;

  @Field(() => Float)
  gpu_slots!: number;

  @Field(() => Float)
  tpu_slots!: number;

  @Field(() => Int)
  used_mem_slots!: number;

  @Field(() => Float)
  used_cpu_slots!: number;

  @Field(() => Float)
  used_gpu_slots!: number;

  @Field(() => Float)
  used_tpu_slots!: number;

  @Field(() => Float, {
    description:
      "The node's CPU use in percent of all its cores (live_stat's node.cpu_util.pct); 0 without live statistics, as upstream.",
  })
  cpu_cur_pct!: number;

  @Field(() => Float, {
    description:
      "The node's memory in use, bytes (live_stat's node.mem.current); 0 without live statistics, as upstream.",
  })
  mem_cur_bytes!: number;

  /** The page's kernel reads, for the `compute_containers` field (not a field itself). */
  containers?: AgentContainers;
}

/** Seconds a node's stats stay live after its report: upstream agents' Redis entry lifespan. */
export const LIVE_STAT_LIFESPAN_SECONDS = 120;

@ObjectType('AgentList', { description: 'A page of agents and how many match in all.' })
export class AgentList {
  @Field(() => Int, { nullable: false })
  total_count!: number;

  @Field(() => [Agent], { nullable: false })
  items!: Agent[];
}
