import {
  AgentRpcDirectory,
  ConfigStore,
  configType,
  Database,
  definePlugin,
  EventBus,
  LockService,
  optional,
} from '@tessera/core';
import {
  AccessRuleTables,
  ApiRoutes,
  EventListeners,
  GraphQLTypes,
  type ResolverClass,
} from '@tessera/manager';
import type { InjectionToken } from 'tsyringe';
import { AgentRestartReconciler } from './agent-restart-reconciler';
import { SessionCommitRoutes } from './api/session-commit-routes';
import { SessionRoutes } from './api/session-routes';
import type { Config } from './config.generated';
import { ComputeContainerResolver } from './graphql/compute-container-resolver';
import { ComputeSessionResolver } from './graphql/compute-session-resolver';
import { VisibleSessions } from './graphql/visible-sessions';
import { KernelLifecycleHandler } from './kernel-lifecycle-handler';
import { KernelStatsRecorder } from './kernel-stats-recorder';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { SessionCallbacks } from './session-callbacks';
import { SESSIONS_ACCESS } from './session-access';
import { SessionErrorCodes } from './session-errors';
import { SessionLifecycle } from './session-lifecycle';
import { SessionLifecycleService } from './session-lifecycle-service';
import { SessionMounts } from './session-mounts';
import { VfolderMounts } from './extension-points/vfolder-mounts';
import { sessionListeners } from './session-listeners';
import { SessionSettings } from './session-settings';
import { SessionStatusWatch } from './session-status-watch';
import { SessionStatusWriter } from './session-status-writer';
import { SessionTerminator } from './session-terminator';
import { SlotTypeRegistry } from './slot-type-registry';
import { SlotsReleased } from './slots-released';

/** One instance of each per manager: they hold the manager's in-process state (queues, waiters, listeners). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tsyringe's own constructor type
type ServiceClass = new (...args: any[]) => object;

const SHARED: readonly ServiceClass[] = [
  SessionCallbacks,
  SlotsReleased,
  KeyedSerialQueue,
  SlotTypeRegistry,
  SessionStatusWriter,
  SessionStatusWatch,
  SessionTerminator,
  VisibleSessions,
  ComputeSessionResolver,
  ComputeContainerResolver,
];

/**
 * `@tessera/manager-sessions`: session create, terminate, status, execute and the kernel
 * lifecycle events, contributed to the manager as REST routes, GraphQL types and bus listeners,
 * and the `session-lifecycle` service the scheduling loop writes through. The instance is the
 * status watch: stopping it wakes every request still waiting for a session.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: {
    db: Database,
    bus: EventBus,
    lock: LockService,
    agents: AgentRpcDirectory,
    store: optional(ConfigStore),
  },
  errorCodes: [SessionErrorCodes],
  init(ctx) {
    const { container, config } = ctx;
    container.register(SessionSettings, {
      useValue: {
        source: `manager:${ctx.nodeId}`,
        defaultResourceGroup: config.defaultResourceGroup,
        defaultStartTimeoutMs: config.defaultStartTimeout * 1000,
        terminateTimeoutMs: config.terminateTimeout * 1000,
      },
    });
    container.register(SessionMounts, {
      useValue: new SessionMounts(ctx.contributions(VfolderMounts)[0]?.value ?? null, ctx.deps.db),
    });
    for (const service of SHARED) container.registerSingleton(service);
    ctx.provide(SessionLifecycle, container.resolve(SessionLifecycleService));
    ctx.contribute(AccessRuleTables, SESSIONS_ACCESS);
    ctx.contribute(ApiRoutes, container.resolve(SessionRoutes));
    ctx.contribute(ApiRoutes, container.resolve(SessionCommitRoutes));
    ctx.contribute(GraphQLTypes, {
      resolvers: [ComputeSessionResolver, ComputeContainerResolver],
      resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
    });
    const watch = container.resolve(SessionStatusWatch);
    const restarts = container.resolve(AgentRestartReconciler);
    const stats = container.resolve(KernelStatsRecorder);
    const callbacks = container.resolve(SessionCallbacks);
    for (const listener of sessionListeners(
      container.resolve(KernelLifecycleHandler),
      restarts,
      stats,
      watch,
      callbacks,
    ))
      ctx.contribute(EventListeners, listener);
    return watch;
  },
  start(watch, ctx) {
    // Requests waiting for a session return as soon as the deployment begins to stop.
    ctx.signal.addEventListener('abort', () => watch.stop(), { once: true });
  },
  stop(watch, ctx) {
    watch.stop();
    ctx.container.resolve(SessionCallbacks).stop();
  },
});
