import 'reflect-metadata';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONStringScalar } from '@tessera/manager';

/**
 * An agent as Backend.AI's admin API answers it (api-spec §8.8; upstream 22.09's `Agent`), for
 * superadmins. Tessera records no live statistics, hardware metadata or agent-side local config:
 * those fields answer null, as upstream does for an agent it cannot reach.
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

  @Field(() => JSONStringScalar, { description: 'Not recorded by Tessera: null.' })
  live_stat!: null;

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
      "The node's CPU use; 0 while no live statistics are kept, as upstream answers without them (its CLI computes with it).",
  })
  cpu_cur_pct!: number;

  @Field(() => Float, {
    description:
      "The node's memory in use, bytes; 0 while no live statistics are kept, as upstream answers without them (its CLI divides it).",
  })
  mem_cur_bytes!: number;
}

@ObjectType('AgentList', { description: 'A page of agents and how many match in all.' })
export class AgentList {
  @Field(() => Int, { nullable: false })
  total_count!: number;

  @Field(() => [Agent], { nullable: false })
  items!: Agent[];
}
