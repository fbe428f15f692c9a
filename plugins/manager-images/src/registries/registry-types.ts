import 'reflect-metadata';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

/* The admin API's container registry types with Backend.AI's snake_case names (23.09's schema). */

/** What a registry's password reads as when one is set: Backend.AI's PASSWORD_PLACEHOLDER. */
export const PASSWORD_MASK = '*****';

@ObjectType('ContainerRegistryConfig')
export class ContainerRegistryConfig {
  @Field(() => String, { nullable: false }) url!: string;
  @Field(() => String, { nullable: false, description: 'docker, harbor, harbor2 or local' }) type!: string;
  @Field(() => [String], { description: 'Projects (repository namespaces) to scan; null scans the catalog' })
  project!: string[] | null;
  @Field(() => String) username!: string | null;
  @Field(() => String, {
    description: `"${PASSWORD_MASK}" when a password is set, null when none: never the password`,
  })
  password!: string | null;
  @Field(() => Boolean) ssl_verify!: boolean | null;
}

@ObjectType('ContainerRegistry', {
  description: 'A container registry images are scanned from (config/docker/registry)',
})
export class ContainerRegistry {
  @Field(() => ID, { nullable: false, description: 'The hostname' }) id!: string;
  @Field(() => String) hostname!: string;
  @Field(() => ContainerRegistryConfig) config!: ContainerRegistryConfig;
}

@InputType('CreateContainerRegistryInput')
export class CreateContainerRegistryInput {
  @Field(() => String, { nullable: false }) url!: string;
  @Field(() => String, { nullable: false, description: 'docker, harbor, harbor2 or local' }) type!: string;
  @Field(() => [String]) project?: string[] | null;
  @Field(() => String) username?: string | null;
  @Field(() => String) password?: string | null;
  @Field(() => Boolean) ssl_verify?: boolean | null;
}

@InputType('ModifyContainerRegistryInput', {
  description: 'A field left out or null is not changed; username or password "" clears it.',
})
export class ModifyContainerRegistryInput {
  @Field(() => String) url?: string | null;
  @Field(() => String) type?: string | null;
  @Field(() => [String]) project?: string[] | null;
  @Field(() => String) username?: string | null;
  @Field(() => String) password?: string | null;
  @Field(() => Boolean) ssl_verify?: boolean | null;
}

@ObjectType('CreateContainerRegistry')
export class CreateContainerRegistry {
  @Field(() => ContainerRegistry) container_registry!: ContainerRegistry | null;
}

@ObjectType('ModifyContainerRegistry')
export class ModifyContainerRegistry {
  @Field(() => ContainerRegistry) container_registry!: ContainerRegistry | null;
}

@ObjectType('DeleteContainerRegistry')
export class DeleteContainerRegistry {
  @Field(() => ContainerRegistry, { description: 'The registry as it was' })
  container_registry!: ContainerRegistry | null;
}
