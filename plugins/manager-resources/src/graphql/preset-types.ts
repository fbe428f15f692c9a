import 'reflect-metadata';
import { Field, InputType, ObjectType } from 'type-graphql';
import { BigIntScalar, JSONStringScalar } from '@tessera/manager';

/* The admin API's resource preset types (api-spec §8.7) with Backend.AI's snake_case names. */

@ObjectType('ResourcePreset', { description: 'A named resource request users pick from (a global preset).' })
export class ResourcePreset {
  @Field(() => String) name!: string;
  @Field(() => JSONStringScalar, { description: 'ResourceSlot map: slot name to exact decimal amount' })
  resource_slots!: unknown;
  @Field(() => BigIntScalar, { description: 'Bytes of /dev/shm; null leaves it to the agent' })
  shared_memory!: number | null;
}

@InputType('CreateResourcePresetInput')
export class CreateResourcePresetInput {
  @Field(() => JSONStringScalar, {
    nullable: false,
    description: 'ResourceSlot map: slot name to amount ("2", "0.5", "4g" for memory slots)',
  })
  resource_slots!: unknown;
  @Field(() => String, { description: 'Bytes of /dev/shm as a size such as "512m" or "1g"' })
  shared_memory?: string | null;
}

@InputType('ModifyResourcePresetInput', { description: 'A field left out or null is not changed.' })
export class ModifyResourcePresetInput {
  @Field(() => JSONStringScalar) resource_slots?: unknown;
  @Field(() => String, { description: 'Bytes of /dev/shm as a size such as "512m" or "1g"' })
  shared_memory?: string | null;
}

/** What every mutation answers: `ok`, `msg` and, for create and modify, the preset. */
export interface PresetOutcome {
  ok: boolean;
  msg: string;
  item?: ResourcePreset | null;
}

@ObjectType('CreateResourcePreset')
export class CreateResourcePreset {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
  @Field(() => ResourcePreset, { name: 'resource_preset' }) item?: ResourcePreset | null;
}

@ObjectType('ModifyResourcePreset')
export class ModifyResourcePreset {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
  @Field(() => ResourcePreset, { name: 'resource_preset', description: 'The preset as modified' })
  item?: ResourcePreset | null;
}

@ObjectType('DeleteResourcePreset')
export class DeleteResourcePreset {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
}
