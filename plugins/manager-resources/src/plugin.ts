import {
  AgentSelectorRegistry,
  ConfigStore,
  configType,
  Database,
  definePlugin,
  optional,
  SchedulerRegistry,
} from '@tessera/core';
import { AccessRuleTables, ApiRoutes, GraphQLTypes, type ResolverClass } from '@tessera/manager';
import { SessionLifecycle, SlotTypeRegistry } from '@tessera/manager-sessions';
import type { InjectionToken } from 'tsyringe';
import { ResourceRoutes } from './api/resource-routes';
import type { Config } from './config.generated';
import { PresetResolver } from './graphql/preset-resolver';
import { KnownSchedulers, ScalingGroupMutationResolver } from './graphql/scaling-group-mutations';
import { ScalingGroupResolver } from './graphql/scaling-group-resolver';
import { ManagerStatusStore } from './manager-status';
import { PackageVersion } from './package-version';
import { PRESET_ACCESS } from './preset-access';
import { RESOURCE_GROUP_ACCESS } from './resource-group-access';
import { ResourceSettings } from './resource-settings';

/**
 * `@tessera/manager-resources`: the resource API on the manager (slot types, resource groups,
 * presets and check-presets, usage figures, manager status), contributed as REST routes. It reads
 * the sessions feature's slot-type registry through `session-lifecycle`. The admin GraphQL API
 * for resource presets and the resource-group (scaling group) queries and mutations are contributed with their
 * actions (`manager/access-rules`). The instance is the manager-status store.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: {
    db: Database,
    lifecycle: SessionLifecycle,
    store: optional(ConfigStore),
    schedulers: optional(SchedulerRegistry),
    selectors: optional(AgentSelectorRegistry),
  },
  init(ctx) {
    const { container, config, deps } = ctx;
    container.register(ResourceSettings, {
      useValue: {
        groupResourceVisibility: config.groupResourceVisibility,
        usagePeriodMaxDays: config.usagePeriodMaxDays,
        nodeId: ctx.nodeId,
      },
    });
    container.register(PackageVersion, { useValue: ctx.packageVersion });
    container.register(SlotTypeRegistry, { useValue: deps.lifecycle.slotTypes });
    container.registerSingleton(ManagerStatusStore);
    container.registerSingleton(PresetResolver);
    container.registerSingleton(ScalingGroupResolver);
    // The scaling group mutations accept only the schedulers and selectors the deployment loads.
    container.register(KnownSchedulers, {
      useValue: { schedulers: deps.schedulers, selectors: deps.selectors },
    });
    container.registerSingleton(ScalingGroupMutationResolver);
    ctx.contribute(AccessRuleTables, PRESET_ACCESS);
    ctx.contribute(AccessRuleTables, RESOURCE_GROUP_ACCESS);
    ctx.contribute(ApiRoutes, container.resolve(ResourceRoutes));
    ctx.contribute(GraphQLTypes, {
      resolvers: [PresetResolver, ScalingGroupResolver, ScalingGroupMutationResolver],
      resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
    });
    return container.resolve(ManagerStatusStore);
  },
});
