import type { ConfigStore, EventBus, PluginContext } from '@tessera/core';
import { AccessRuleTables, GraphQLTypes, type ResolverClass } from '@tessera/manager';
import type { InjectionToken } from 'tsyringe';
import { BackgroundTasks } from '@tessera/manager';
import { ImageRescanner } from '../rescan/rescan-images';
import { RescanResolver } from '../rescan/rescan-resolver';
import { REGISTRY_ACCESS } from './registry-access';
import { RegistryStore } from './registry-config';
import { RegistryResolver } from './registry-resolver';

/** The part of the plugin context the registry feature uses. */
type FeatureContext = Pick<PluginContext<unknown>, 'container' | 'nodeId' | 'log' | 'contribute'>;

/**
 * Registers container registries (config store) and `rescan_images` (background tasks on the event
 * bus) in the plugin's container and contributes their GraphQL resolvers and actions. Answers the
 * background tasks, whose `stop` the plugin calls when the manager stops.
 */
export function registerRegistries(
  ctx: FeatureContext,
  deps: { store: ConfigStore; bus: EventBus },
): BackgroundTasks {
  const { container } = ctx;
  const tasks = new BackgroundTasks(deps.bus, ctx.log, `manager-images@${ctx.nodeId}`);
  container.register(RegistryStore, { useValue: new RegistryStore(deps.store) });
  container.register(BackgroundTasks, { useValue: tasks });
  container.registerSingleton(ImageRescanner);
  container.registerSingleton(RegistryResolver);
  container.registerSingleton(RescanResolver);
  ctx.contribute(AccessRuleTables, REGISTRY_ACCESS);
  ctx.contribute(GraphQLTypes, {
    resolvers: [RegistryResolver, RescanResolver],
    resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
  });
  return tasks;
}
