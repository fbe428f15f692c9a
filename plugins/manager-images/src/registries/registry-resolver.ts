import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Logger } from '@tessera/core';
import type { GraphQLContext } from '@tessera/manager';
import { checkHostname, RegistryStore, type RegistryConfig } from './registry-config';
import {
  ContainerRegistry,
  CreateContainerRegistry,
  CreateContainerRegistryInput,
  DeleteContainerRegistry,
  ModifyContainerRegistry,
  ModifyContainerRegistryInput,
  PASSWORD_MASK,
} from './registry-types';

/**
 * Container registries in the admin API (Backend.AI 23.09's `container_registry(hostname)`,
 * `container_registries` and the three mutations; 22.09 kept them in etcd without GraphQL). Only a
 * superadmin reads or writes them. The password is answered as a mask and never logged.
 */
@Resolver(() => ContainerRegistry)
@injectable()
export class RegistryResolver {
  constructor(
    @inject(RegistryStore) private readonly registries: RegistryStore,
    @inject(Logger) private readonly log: Logger,
  ) {}

  @Query(() => ContainerRegistry, {
    name: 'container_registry',
    description: 'One container registry by hostname; null when there is none.',
  })
  async containerRegistry(
    @Arg('hostname', () => String, { nullable: false }) hostname: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ContainerRegistry | null> {
    access.authorize(caller, 'container-registry.read');
    checkHostname(hostname);
    const registry = await this.registries.get(hostname);
    return registry ? toContainerRegistry(registry) : null;
  }

  @Query(() => [ContainerRegistry], {
    name: 'container_registries',
    description: 'Every configured container registry, by hostname.',
  })
  async containerRegistries(@Ctx() { caller, access }: GraphQLContext): Promise<ContainerRegistry[]> {
    access.authorize(caller, 'container-registry.read');
    return (await this.registries.list()).map(toContainerRegistry);
  }

  @Mutation(() => CreateContainerRegistry, { name: 'create_container_registry' })
  async createContainerRegistry(
    @Arg('hostname', () => String, { nullable: false }) hostname: string,
    @Arg('props', () => CreateContainerRegistryInput, { nullable: false })
    props: CreateContainerRegistryInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<CreateContainerRegistry> {
    access.authorize(caller, 'container-registry.create');
    const registry = await this.registries.create(hostname, props);
    this.log.info('container registry created', { accessKey: caller.accessKey, ...logged(registry) });
    return { container_registry: toContainerRegistry(registry) };
  }

  @Mutation(() => ModifyContainerRegistry, {
    name: 'modify_container_registry',
    description: 'A field left out or null stays; username or password "" clears it.',
  })
  async modifyContainerRegistry(
    @Arg('hostname', () => String, { nullable: false }) hostname: string,
    @Arg('props', () => ModifyContainerRegistryInput, { nullable: false })
    props: ModifyContainerRegistryInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ModifyContainerRegistry> {
    access.authorize(caller, 'container-registry.modify');
    const registry = await this.registries.modify(hostname, props);
    this.log.info('container registry modified', { accessKey: caller.accessKey, ...logged(registry) });
    return { container_registry: toContainerRegistry(registry) };
  }

  @Mutation(() => DeleteContainerRegistry, { name: 'delete_container_registry' })
  async deleteContainerRegistry(
    @Arg('hostname', () => String, { nullable: false }) hostname: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<DeleteContainerRegistry> {
    access.authorize(caller, 'container-registry.delete');
    const registry = await this.registries.delete(hostname);
    this.log.info('container registry deleted', { accessKey: caller.accessKey, hostname });
    return { container_registry: toContainerRegistry(registry) };
  }
}

/** The registry as the API answers it: the password masked. */
export function toContainerRegistry(registry: RegistryConfig): ContainerRegistry {
  return {
    id: registry.hostname,
    hostname: registry.hostname,
    config: {
      url: registry.url,
      type: registry.type,
      project: registry.project.length ? registry.project : null,
      username: registry.username,
      password: registry.password === null ? null : PASSWORD_MASK,
      ssl_verify: registry.sslVerify,
    },
  };
}

/** What a log line may say about a registry: everything but the password. */
function logged(registry: RegistryConfig): Record<string, unknown> {
  return {
    hostname: registry.hostname,
    url: registry.url,
    type: registry.type,
    project: registry.project,
    username: registry.username,
    hasPassword: registry.password !== null,
    sslVerify: registry.sslVerify,
  };
}
