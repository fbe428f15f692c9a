import {
  ConfigStore,
  configType,
  Database,
  definePlugin,
  EventBus,
  LockService,
  optional,
  RateLimitStore,
} from '@tessera/core';
import { AccessPolicy } from './access/access-policy';
import { AccessRuleTables } from './access/access-rules';
import { HOST_ACCESS } from './access/host-access';
import { AdminGraphQLSchema, adminGraphQLSchema } from './admin-graphql-schema';
import { buildAdminSchema } from './api/graphql/admin-schema';
import { MemoryRateLimitStore } from './api/rate-limit/memory-rate-limit-store';
import type { Config } from './config.generated';
import { ApiRoutes } from './extension-points/api-routes';
import { EventListeners } from './extension-points/event-listeners';
import { GraphQLTypes } from './extension-points/graphql-types';
import { LeaderTimers } from './extension-points/leader-timers';
import { StreamRoutes } from './extension-points/stream-routes';
import {
  HostAccessPolicy,
  HostContributions,
  HostManagerStatus,
  HostRateLimitStore,
  HostSettings,
} from './host-settings';
import { MANAGER_STATUS_KEY } from './manager-status-key';
import { ManagerErrorCodes } from './manager-error-codes';
import { ManagerHost } from './manager-host';

/** `@tessera/manager`: the host of the manager's feature plugins (see ManagerHost). */
export default definePlugin({
  config: configType<Config>(),
  errorCodes: [ManagerErrorCodes],
  deps: {
    db: Database,
    bus: EventBus,
    locks: optional(LockService),
    rateLimits: optional(RateLimitStore),
    store: optional(ConfigStore),
  },
  init(ctx) {
    const values = <T>(contributions: ReadonlyArray<{ value: T }>) => contributions.map((c) => c.value);
    ctx.container.register(HostSettings, {
      useValue: { config: ctx.config, managerVersion: ctx.packageVersion },
    });
    const rateLimits =
      ctx.deps.rateLimits ?? new MemoryRateLimitStore({ maxKeys: ctx.config.rateLimit.memoryMaxKeys });
    ctx.log.info('rate limit store', {
      store: ctx.deps.rateLimits ? 'rate-limit-store' : 'in-process',
      window: ctx.config.rateLimit.window,
    });
    ctx.container.register(HostRateLimitStore, { useValue: rateLimits });
    const store = ctx.deps.store;
    ctx.container.register(HostManagerStatus, {
      useValue: {
        isFrozen: async () => (store ? (await store.get(MANAGER_STATUS_KEY)) === 'frozen' : false),
      },
    });
    // One permission table for every route and resolver; an action defined twice fails here.
    ctx.container.register(HostAccessPolicy, {
      useValue: new AccessPolicy([HOST_ACCESS, ...values(ctx.contributions(AccessRuleTables))]),
    });
    const graphqlTypes = values(ctx.contributions(GraphQLTypes));
    // Built once, after every plugin registered its types; served and provided as it is.
    const adminSchema = buildAdminSchema(graphqlTypes);
    ctx.provide(AdminGraphQLSchema, adminGraphQLSchema(adminSchema));
    ctx.container.register(HostContributions, {
      useValue: {
        routes: values(ctx.contributions(ApiRoutes)),
        graphqlTypes,
        adminSchema,
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
