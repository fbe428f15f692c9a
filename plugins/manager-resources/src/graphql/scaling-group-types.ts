import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONStringScalar } from '@tessera/manager';

/* The admin API's scaling group type (api-spec §8.6) with Backend.AI's snake_case names. */

@ObjectType('ScalingGroup', {
  description: 'A resource group (Backend.AI scaling group): a pool of agents with its own scheduler.',
})
export class ScalingGroup {
  @Field(() => String) name!: string;
  @Field(() => String) description!: string | null;
  @Field(() => Boolean) is_active!: boolean;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => String, { description: 'The App Proxy coordinator serving the group; null when none' })
  wsproxy_addr!: string | null;
  @Field(() => String) driver!: string;
  @Field(() => JSONStringScalar) driver_opts!: unknown;
  @Field(() => String) scheduler!: string;
  @Field(() => JSONStringScalar) scheduler_opts!: unknown;
  @Field(() => Boolean, { description: 'Not recorded by Tessera: always null' })
  use_host_network!: boolean | null;
  @Field(() => Boolean, {
    description: 'Whether every domain, project and keypair may use the group (false: only those associated)',
  })
  is_public!: boolean;
}
