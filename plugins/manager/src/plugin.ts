import { configType, Database, definePlugin, EventBus, LockService, optional } from '@tessera/core';
import type { Config } from './config.generated';
import { ApiRoutes } from './extension-points/api-routes';
import { EventListeners } from './extension-points/event-listeners';
import { GraphQLTypes } from './extension-points/graphql-types';
import { LeaderTimers } from './extension-points/leader-timers';
import { StreamRoutes } from './extension-points/stream-routes';
import { HostContributions, HostSettings } from './host-settings';
import { ManagerHost } from './manager-host';

/** `@tessera/manager`: the host of the manager's feature plugins (see ManagerHost). */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, bus: EventBus, locks: optional(LockService) },
  init(ctx) {
    const values = <T>(contributions: ReadonlyArray<{ value: T }>) => contributions.map((c) => c.value);
    ctx.container.register(HostSettings, {
      useValue: { config: ctx.config, managerVersion: ctx.packageVersion },
    });
    ctx.container.register(HostContributions, {
      useValue: {
        routes: values(ctx.contributions(ApiRoutes)),
        graphqlTypes: values(ctx.contributions(GraphQLTypes)),
        listeners: values(ctx.contributions(EventListeners)),
        timers: values(ctx.contributions(LeaderTimers)),
        streams: values(ctx.contributions(StreamRoutes)),
      },
    });
    return ctx.container.resolve(ManagerHost);
  },
  async start(host, ctx) {
    await host.start();
    ctx.announceEndpoint('api', host.url());
    ctx.reportHealth({ status: 'ok', detail: `REST API at ${host.url()}` });
  },
  async stop(host) {
    await host.stop();
  },
});
