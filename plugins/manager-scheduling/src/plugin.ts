import {
  AgentRpcDirectory,
  ConfigStore,
  configType,
  Database,
  definePlugin,
  EventBus,
  LockService,
  optional,
  AgentSelectorRegistry,
  SchedulerRegistry,
  HookRegistry,
} from '@tessera/core';
import { AccessRuleTables, ApiRoutes, EventListeners, GraphQLTypes, LeaderTimers } from '@tessera/manager';
import {
  KeyedSerialQueue,
  SessionLifecycle,
  SessionStatusWriter,
  SlotTypeRegistry,
} from '@tessera/manager-sessions';
import { AgentHeartbeatTimeout } from './agent-heartbeat-timeout';
import { AgentPresenceHandler } from './agent-presence-handler';
import { SchedulingRoutes } from './api/scheduling-routes';
import type { Config } from './config.generated';
import { AgentResolver } from './graphql/agent-resolver';
import { SessionSchedulingResolver } from './graphql/session-scheduling-resolver';
import { KernelLauncher } from './kernel-launcher';
import { OutcomeRecorder } from './outcome-recorder';
import { PassInputLoader } from './pass-input-loader';
import { SchedulingDispatcher } from './scheduling-dispatcher';
import { SchedulingExplainer } from './scheduling-explainer';
import { schedulingListeners } from './scheduling-listeners';
import { SCHEDULING_ACCESS } from './scheduling-access';
import { runPassIn, SchedulingLoop } from './scheduling-loop';
import { SchedulingSettings } from './scheduling-settings';

/** One instance of each per manager; a pass's own objects are made per pass (`runPassIn`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tsyringe's own constructor type
type ServiceClass = new (...args: any[]) => object;

const SHARED: readonly ServiceClass[] = [
  PassInputLoader,
  OutcomeRecorder,
  KernelLauncher,
  SchedulingExplainer,
  AgentPresenceHandler,
  SessionSchedulingResolver,
  AgentResolver,
];

/**
 * `@tessera/manager-scheduling`: the scheduling loop's I/O side on the manager. The dispatcher
 * runs a pass per resource group when something may let pending sessions start; a pass reads the
 * group, lets the `@tessera/sokovan` planner decide, writes the decisions and asks the agents to
 * start the kernels. Contributes the explain route, `ComputeSession.scheduling`, the superadmins'
 * `agent` and `agent_list` queries (`agent.read`) and its listeners.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: {
    db: Database,
    bus: EventBus,
    lock: LockService,
    schedulers: SchedulerRegistry,
    selectors: AgentSelectorRegistry,
    agents: AgentRpcDirectory,
    lifecycle: SessionLifecycle,
    store: optional(ConfigStore),
    hooks: optional(HookRegistry),
  },
  init(ctx) {
    const { container, config, deps } = ctx;
    container.register(SchedulingSettings, {
      useValue: {
        source: `manager:${ctx.nodeId}`,
        tickIntervalMs: config.tickInterval * 1000,
        lockTimeoutMs: config.lockTimeout * 1000,
        lockTtlMs: config.lockLifetime * 1000,
        maxContainerCount: config.maxContainerCount,
        heartbeatTimeoutMs: config.heartbeatTimeout * 1000,
        policies: config.resourceGroups,
      },
    });
    // The sessions feature's writer, queue and slot types: scheduling writes through them.
    container.register(SessionStatusWriter, { useValue: deps.lifecycle.writer });
    container.register(KeyedSerialQueue, { useValue: deps.lifecycle.queue });
    container.register(SlotTypeRegistry, { useValue: deps.lifecycle.slotTypes });
    for (const service of SHARED) container.registerSingleton(service);
    const dispatcher = new SchedulingDispatcher({
      runPass: (resourceGroup) => runPassIn(container, resourceGroup),
      pendingGroups: async () => [
        ...new Set((await deps.db.sessions.listByStatus(['PENDING'])).map((s) => s.resourceGroup)),
      ],
      log: ctx.log,
      tickIntervalMs: config.tickInterval * 1000,
    });
    container.register(SchedulingDispatcher, { useValue: dispatcher });

    ctx.contribute(ApiRoutes, container.resolve(SchedulingRoutes));
    ctx.contribute(AccessRuleTables, SCHEDULING_ACCESS);
    ctx.contribute(GraphQLTypes, {
      resolvers: [SessionSchedulingResolver, AgentResolver],
      resolve: (resolverClass) => container.resolve(resolverClass as ServiceClass),
    });
    for (const listener of schedulingListeners(dispatcher, container.resolve(AgentPresenceHandler)))
      ctx.contribute(EventListeners, listener);
    const heartbeats = container.resolve(AgentHeartbeatTimeout);
    ctx.contribute(LeaderTimers, {
      name: 'agent-heartbeat-timeout',
      intervalMs: config.heartbeatCheckInterval * 1000,
      run: () => heartbeats.check(),
    });
    return container.resolve(SchedulingLoop);
  },
  start(loop) {
    loop.start();
  },
  async stop(loop) {
    await loop.stop();
  },
});
