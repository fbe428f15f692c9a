import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONStringScalar, UUIDScalar } from '@tessera/manager';

/**
 * One container (kernel) of a session (api-spec §8.13). `id` is the kernel id, not the backend's
 * container id (`container_id`); the main kernel's id equals the session id. Fields Tessera does
 * not record yet answer null.
 */
@ObjectType('ComputeContainer', {
  description: 'One container (kernel) of a compute session.',
  simpleResolvers: true,
})
export class ComputeContainer {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => String, { description: 'main or sub' })
  role!: string;

  @Field(() => Int, { name: 'cluster_idx' })
  clusterIdx!: number;

  @Field(() => String, { description: 'The host name sibling containers of the session use.' })
  hostname!: string;

  @Field(() => UUIDScalar, { name: 'session_id' })
  sessionId!: string;

  @Field(() => String)
  image!: string;

  @Field(() => String)
  architecture!: string;

  @Field(() => String)
  registry!: string | null;

  @Field(() => String)
  status!: string;

  @Field(() => DateTimeScalar, { name: 'status_changed' })
  statusChanged!: Date;

  @Field(() => String, { name: 'status_info' })
  statusInfo!: string | null;

  @Field(() => DateTimeScalar, { name: 'created_at' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { name: 'terminated_at' })
  terminatedAt!: Date | null;

  @Field(() => String, { description: 'The agent hosting the container: superadmins only, null for others.' })
  agent!: string | null;

  @Field(() => String, { name: 'container_id' })
  containerId!: string | null;

  @Field(() => JSONStringScalar, {
    name: 'resource_opts',
    description: 'Options beside the slots, as Backend.AI answers them: {"shmem": <bytes>}, {} when none.',
  })
  resourceOpts!: Record<string, unknown>;

  @Field(() => JSONStringScalar, {
    name: 'occupied_slots',
    description: 'ResourceSlot: slot -> decimal string.',
  })
  occupiedSlots!: Record<string, string>;

  @Field(() => JSONStringScalar, { name: 'live_stat' })
  liveStat!: null;

  @Field(() => JSONStringScalar, {
    name: 'last_stat',
    description:
      "The agent's last measures of the container (cpu_used, mem, net_rx, ...: {current, capacity, pct, unit_hint}), kept after it ends; null before the first.",
  })
  lastStat!: Record<string, unknown> | null;
}

@ObjectType('ComputeContainerList', { description: 'A page of containers and how many there are in all.' })
export class ComputeContainerList {
  @Field(() => Int, { name: 'total_count', nullable: false })
  totalCount!: number;

  @Field(() => [ComputeContainer], { nullable: false })
  items!: ComputeContainer[];
}
