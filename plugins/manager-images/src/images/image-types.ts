import 'reflect-metadata';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { BigIntScalar } from '@tessera/manager';

@ObjectType('KVPair')
export class KVPair {
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType('ResourceLimit', {
  description: 'Per slot: min and max as decimal strings ("Infinity": no maximum).',
})
export class ResourceLimit {
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field(() => String, { nullable: true }) min!: string | null;
  @Field(() => String, { nullable: true }) max!: string | null;
}

@ObjectType('Image', { description: 'A runnable image for one architecture (Backend.AI 22.09 `Image`).' })
export class Image {
  @Field(() => ID, { nullable: true }) id!: string | null;
  @Field(() => String, { nullable: true, description: 'Canonical reference (registry/repository:tag).' })
  name!: string | null;
  @Field(() => String, { nullable: true }) humanized_name!: string | null;
  @Field(() => String, { nullable: true }) tag!: string | null;
  @Field(() => String, { nullable: true }) registry!: string | null;
  @Field(() => String, { nullable: true }) architecture!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the image was never pushed to a registry (built locally).',
  })
  is_local!: boolean | null;
  @Field(() => String, { nullable: true }) digest!: string | null;
  @Field(() => [KVPair], { nullable: true }) labels!: KVPair[] | null;
  @Field(() => [String], { nullable: true }) aliases!: string[] | null;
  @Field(() => BigIntScalar, { nullable: true }) size_bytes!: number | null;
  @Field(() => [ResourceLimit], { nullable: true }) resource_limits!: ResourceLimit[] | null;
  @Field(() => [String], { nullable: true }) supported_accelerators!: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether an alive agent has the image.' })
  installed!: boolean | null;
  @Field(() => [String], { nullable: true, description: 'The alive agents that have the image.' })
  installed_agents!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Legacy: the digest.' }) hash!: string | null;
}

@InputType('KVPairInput')
export class KVPairInput {
  @Field(() => String, { nullable: true }) key?: string | null;
  @Field(() => String, { nullable: true }) value?: string | null;
}

@InputType('ResourceLimitInput')
export class ResourceLimitInput {
  @Field(() => String, { nullable: true }) key?: string | null;
  @Field(() => String, { nullable: true }) min?: string | null;
  @Field(() => String, { nullable: true }) max?: string | null;
}

@InputType('ModifyImageInput', { description: 'A field left out or null stays.' })
export class ModifyImageInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) registry?: string | null;
  @Field(() => String, { nullable: true }) image?: string | null;
  @Field(() => String, { nullable: true }) tag?: string | null;
  @Field(() => String, { nullable: true }) architecture?: string | null;
  @Field(() => BigIntScalar, { nullable: true }) size_bytes?: number | null;
  @Field(() => String, { nullable: true }) type?: string | null;
  @Field(() => String, { nullable: true }) digest?: string | null;
  @Field(() => [KVPairInput], { nullable: true }) labels?: KVPairInput[] | null;
  @Field(() => [String], { nullable: true }) supported_accelerators?: string[] | null;
  @Field(() => [ResourceLimitInput], { nullable: true }) resource_limits?: ResourceLimitInput[] | null;
}

/** `{ok, msg}`, the answer of every image mutation. */
export interface ImageOutcome {
  ok: boolean;
  msg: string;
}

function outcomeType(name: string): new () => ImageOutcome {
  @ObjectType(name)
  class Outcome implements ImageOutcome {
    @Field(() => Boolean, { nullable: true }) ok!: boolean;
    @Field(() => String, { nullable: true }) msg!: string;
  }
  return Outcome;
}

export const AliasImage = outcomeType('AliasImage');
export const DealiasImage = outcomeType('DealiasImage');
export const ForgetImage = outcomeType('ForgetImage');
export const ModifyImage = outcomeType('ModifyImage');
export const ClearImages = outcomeType('ClearImages');
