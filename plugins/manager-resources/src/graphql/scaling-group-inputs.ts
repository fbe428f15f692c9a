import 'reflect-metadata';
import { Field, InputType, ObjectType } from 'type-graphql';
import { JSONStringScalar } from '@tessera/manager';
import { ScalingGroup } from './scaling-group-types';

/* The scaling group mutations' inputs and payloads (api-spec §8.6), named as upstream's classes. */

@InputType('CreateScalingGroupInput')
export class CreateScalingGroupInput {
  @Field(() => String, { nullable: true, defaultValue: '' }) description?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) is_active?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Tessera: false opens the group only to the domains, projects and keypairs associated',
  })
  is_public?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The App Proxy coordinator (http or https URL)' })
  wsproxy_addr?: string | null;
  @Field(() => String, { nullable: false }) driver!: string;
  @Field(() => JSONStringScalar, { nullable: true, defaultValue: {} }) driver_opts?: unknown;
  @Field(() => String, {
    nullable: false,
    description: 'A scheduler the deployment loads (fifo, lifo, drf, ...)',
  })
  scheduler!: string;
  @Field(() => JSONStringScalar, {
    nullable: true,
    defaultValue: {},
    description: 'allowed_session_types, pending_timeout (seconds), agent_selection_strategy, config',
  })
  scheduler_opts?: unknown;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Tessera accepts only false' })
  use_host_network?: boolean | null;
}

@InputType('ModifyScalingGroupInput', { description: 'A field left out or null stays as it is.' })
export class ModifyScalingGroupInput {
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true }) is_active?: boolean | null;
  @Field(() => Boolean, { nullable: true }) is_public?: boolean | null;
  @Field(() => String, { nullable: true, description: '"" clears it' }) wsproxy_addr?: string | null;
  @Field(() => String, { nullable: true }) driver?: string | null;
  @Field(() => JSONStringScalar, { nullable: true }) driver_opts?: unknown;
  @Field(() => String, { nullable: true }) scheduler?: string | null;
  @Field(() => JSONStringScalar, { nullable: true, description: 'Replaces the options whole' })
  scheduler_opts?: unknown;
  @Field(() => Boolean, { nullable: true, description: 'Tessera accepts only false' })
  use_host_network?: boolean | null;
}

/** What every scaling group mutation answers; create and modify add the group as it now is. */
export interface ScalingGroupOutcome {
  ok: boolean;
  msg: string;
  scaling_group?: ScalingGroup | null;
}

@ObjectType('CreateScalingGroup')
export class CreateScalingGroup {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
  @Field(() => ScalingGroup) scaling_group?: ScalingGroup | null;
}

@ObjectType('ModifyScalingGroup')
export class ModifyScalingGroup {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
  @Field(() => ScalingGroup, { description: 'Tessera: the group as modified' })
  scaling_group?: ScalingGroup | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- type-graphql's class type
type ClassType = new (...args: any[]) => object;

/** A payload with `ok` and `msg` only, named as upstream's mutation class. */
function plainPayload(name: string): ClassType {
  const Payload = class {};
  Object.defineProperty(Payload, 'name', { value: name });
  ObjectType(name)(Payload);
  Field(() => Boolean)(Payload.prototype, 'ok');
  Field(() => String)(Payload.prototype, 'msg');
  return Payload;
}

export const DeleteScalingGroup = plainPayload('DeleteScalingGroup');
export const AssociateScalingGroupWithDomain = plainPayload('AssociateScalingGroupWithDomain');
export const DisassociateScalingGroupWithDomain = plainPayload('DisassociateScalingGroupWithDomain');
export const DisassociateAllScalingGroupsWithDomain = plainPayload('DisassociateAllScalingGroupsWithDomain');
export const AssociateScalingGroupWithUserGroup = plainPayload('AssociateScalingGroupWithUserGroup');
export const DisassociateScalingGroupWithUserGroup = plainPayload('DisassociateScalingGroupWithUserGroup');
export const DisassociateAllScalingGroupsWithGroup = plainPayload('DisassociateAllScalingGroupsWithGroup');
export const AssociateScalingGroupWithKeyPair = plainPayload('AssociateScalingGroupWithKeyPair');
export const DisassociateScalingGroupWithKeyPair = plainPayload('DisassociateScalingGroupWithKeyPair');
