import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONStringScalar, UUIDScalar } from '@tessera/manager';

/**
 * Tessera's `ComputeSession.scheduling`: why a session is still pending, the same explanation
 * `GET /session/:id/scheduling` answers (SchedulingExplainer), with snake_case field names.
 * Fields about the pending evaluation are null once the session is no longer pending.
 */

@ObjectType('SchedulingPredicate', { description: "One predicate's verdict on the session." })
export class SchedulingPredicate {
  @Field(() => String, { nullable: false })
  name!: string;

  @Field(() => Boolean, { nullable: false })
  passed!: boolean;

  @Field(() => String, { description: 'Why it failed (null when it passed).' })
  message!: string | null;
}

@ObjectType('SchedulingAgentVerdict', {
  description: 'Whether one agent could take a requirement, and if not why.',
})
export class SchedulingAgentVerdict {
  @Field(() => String, { name: 'agent_id', nullable: false })
  agentId!: string;

  @Field(() => Boolean, { nullable: false })
  passed!: boolean;

  @Field(() => String, {
    description:
      'The filter that rejected it: status, architecture, designated-agent, container-limit or resources.',
  })
  filter!: string | null;

  @Field(() => String)
  detail!: string | null;

  @Field(() => JSONStringScalar, { description: 'For resources: what is short, per slot.' })
  missing!: Record<string, string> | null;

  @Field(() => JSONStringScalar, { nullable: false, description: 'What the agent has left, per slot.' })
  remaining!: Record<string, string>;
}

@ObjectType('SchedulingRequirement', {
  description: 'What must fit on one agent (a whole single-node session, or one kernel).',
})
export class SchedulingRequirement {
  @Field(() => [String], { nullable: false, description: 'The kernels (hostnames) it covers.' })
  kernels!: string[];

  @Field(() => String, { nullable: false })
  architecture!: string;

  @Field(() => JSONStringScalar, { nullable: false })
  slots!: Record<string, string>;

  @Field(() => String, { name: 'designated_agent' })
  designatedAgent!: string | null;

  @Field(() => [SchedulingAgentVerdict], { nullable: false })
  agents!: SchedulingAgentVerdict[];
}

@ObjectType('SchedulingPlacement', {
  description: 'Whether the selector would find agents for the session now.',
})
export class SchedulingPlacement {
  @Field(() => String, { nullable: false, description: 'placeable or unplaceable' })
  result!: string;

  @Field(() => [String], { name: 'agent_ids' })
  agentIds!: string[] | null;

  @Field(() => String)
  reason!: string | null;

  @Field(() => Boolean, { description: 'The group is short of what some agent could host when free.' })
  shortage!: boolean | null;

  @Field(() => JSONStringScalar, { name: 'missing_slots' })
  missingSlots!: Record<string, string> | null;

  @Field(() => Int, { name: 'missing_containers' })
  missingContainers!: number | null;
}

@ObjectType('SchedulingQueue', { description: 'Pending sessions of the resource group ahead of this one.' })
export class SchedulingQueue {
  @Field(() => Int, { name: 'higher_priority_pending', nullable: false })
  higherPriorityPending!: number;

  @Field(() => Int, { name: 'older_in_band', nullable: false })
  olderInBand!: number;
}

@ObjectType('SchedulingPendingTimeout', {
  description: "The resource group's pending timeout for this session.",
})
export class SchedulingPendingTimeout {
  @Field(() => Float, { nullable: false })
  seconds!: number;

  @Field(() => DateTimeScalar, { name: 'cancels_at', nullable: false })
  cancelsAt!: string;
}

@ObjectType('SessionScheduling', { description: 'Why a session is (or is no longer) pending.' })
export class SessionScheduling {
  @Field(() => UUIDScalar, { name: 'session_id', nullable: false })
  sessionId!: string;

  @Field(() => String, { name: 'session_name', nullable: false })
  sessionName!: string;

  @Field(() => Boolean, { nullable: false })
  pending!: boolean;

  @Field(() => String, { nullable: false })
  status!: string;

  @Field(() => String, { name: 'status_info' })
  statusInfo!: string | null;

  @Field(() => DateTimeScalar, { name: 'scheduled_at', description: 'Not pending: when it was scheduled.' })
  scheduledAt!: string | null;

  @Field(() => [String], { name: 'agent_ids', description: 'Not pending: the agents hosting its kernels.' })
  agentIds!: string[] | null;

  @Field(() => String, { name: 'resource_group' })
  resourceGroup!: string | null;

  @Field(() => Int)
  priority!: number | null;

  @Field(() => String, { description: 'The scheduler (session-selection policy) of the resource group.' })
  scheduler!: string | null;

  @Field(() => String, { name: 'agent_selector' })
  agentSelector!: string | null;

  @Field(() => SchedulingQueue)
  queue!: SchedulingQueue | null;

  @Field(() => SchedulingPendingTimeout, { name: 'pending_timeout' })
  pendingTimeout!: SchedulingPendingTimeout | null;

  @Field(() => [SchedulingPredicate], { description: 'Every predicate, in order, with its verdict.' })
  predicates!: SchedulingPredicate[] | null;

  @Field(() => SchedulingPlacement)
  placement!: SchedulingPlacement | null;

  @Field(() => [SchedulingRequirement], {
    description: 'Per requirement, every agent of the group with its verdict.',
  })
  requirements!: SchedulingRequirement[] | null;

  @Field(() => JSONStringScalar, {
    name: 'last_attempt',
    description: 'What the last pass recorded (status_data.scheduler).',
  })
  lastAttempt!: unknown;
}
