import 'reflect-metadata';
import type { ListedSession } from '@tessera/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BigIntScalar, DateTimeScalar, JSONStringScalar, UUIDScalar } from '@tessera/manager';
import { ComputeContainer } from './compute-container-type';

/**
 * A compute session (api-spec §8.13) with Backend.AI's snake_case field names. Fields Tessera does
 * not record yet (`cluster_template`, `created_user_*`, `mounts`, `num_queries`) answer null. `dependencies` is resolved on demand (compute-session-resolver.ts); other plugins add
 * fields with resolvers of their own (`scheduling`, @tessera/manager-scheduling).
 */
@ObjectType('ComputeSession', { description: 'A compute session and its containers.', simpleResolvers: true })
export class ComputeSession {
  /** The listing row it was made from, for the field resolvers; not part of the schema. */
  source!: ListedSession;

  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => UUIDScalar, { name: 'session_id', description: 'The same as id (upstream 22.09 names it so)' })
  sessionId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'interactive, batch, inference or system' })
  type!: string;

  @Field(() => String)
  tag!: string | null;

  @Field(() => String)
  image!: string;

  @Field(() => String)
  architecture!: string;

  @Field(() => String)
  registry!: string | null;

  @Field(() => String, { name: 'cluster_template' })
  clusterTemplate!: null;

  @Field(() => String, { name: 'cluster_mode', description: 'single-node or multi-node' })
  clusterMode!: string;

  @Field(() => Int, { name: 'cluster_size' })
  clusterSize!: number;

  @Field(() => String, { name: 'domain_name' })
  domainName!: string;

  @Field(() => String, { name: 'group_name' })
  groupName!: string;

  @Field(() => UUIDScalar, { name: 'group_id' })
  groupId!: string | null;

  @Field(() => String, { name: 'user_email' })
  userEmail!: string | null;

  @Field(() => String, { name: 'user_id' })
  userId!: string;

  @Field(() => String, { name: 'access_key' })
  accessKey!: string;

  @Field(() => String, { name: 'created_user_email' })
  createdUserEmail!: null;

  @Field(() => UUIDScalar, { name: 'created_user_uuid' })
  createdUserUuid!: null;

  @Field(() => String)
  status!: string;

  @Field(() => DateTimeScalar, { name: 'status_changed' })
  statusChanged!: Date;

  @Field(() => String, { name: 'status_info' })
  statusInfo!: string | null;

  @Field(() => JSONStringScalar, { name: 'status_data' })
  statusData!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { name: 'created_at' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { name: 'terminated_at' })
  terminatedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    name: 'starts_at',
    description: 'A batch session does not start before this time.',
  })
  startsAt!: Date | null;

  @Field(() => String, { name: 'startup_command' })
  startupCommand!: string | null;

  @Field(() => String, { description: 'UNDEFINED, SUCCESS or FAILURE' })
  result!: string;

  @Field(() => Int)
  priority!: number;

  @Field(() => JSONStringScalar, {
    name: 'resource_opts',
    description:
      "Each container's resource_opts by its hostname (main1, sub1, ...), as Backend.AI answers them.",
  })
  resourceOpts!: Record<string, Record<string, unknown>>;

  @Field(() => String, { name: 'scaling_group', description: 'The resource group.' })
  scalingGroup!: string;

  @Field(() => JSONStringScalar, {
    name: 'service_ports',
    description: "The main container's service ports.",
  })
  servicePorts!: Array<Record<string, unknown>>;

  @Field(() => [String])
  mounts!: null;

  @Field(() => JSONStringScalar, {
    name: 'requested_slots',
    description: 'ResourceSlot: what the session asked for.',
  })
  requestedSlots!: Record<string, string>;

  @Field(() => JSONStringScalar, {
    name: 'occupied_slots',
    description: 'ResourceSlot: what its containers hold now.',
  })
  occupiedSlots!: Record<string, string>;

  @Field(() => BigIntScalar, { name: 'num_queries' })
  numQueries!: null;

  @Field(() => JSONStringScalar, {
    name: 'last_stat',
    description:
      "The main container's last measures (as ComputeContainer.last_stat; upstream's legacy session type had it), kept after the session ends.",
  })
  lastStat!: Record<string, unknown> | null;

  @Field(() => [ComputeContainer], { description: 'Every container of the session, the main one first.' })
  containers!: ComputeContainer[];
}

@ObjectType('ComputeSessionList', { description: 'A page of sessions and how many match in all.' })
export class ComputeSessionList {
  @Field(() => Int, { name: 'total_count', nullable: false })
  totalCount!: number;

  @Field(() => [ComputeSession], { nullable: false })
  items!: ComputeSession[];
}
