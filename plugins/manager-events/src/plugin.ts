import { configType, Database, definePlugin, EventBus } from '@tessera/core';
import { AccessRuleTables, ApiRoutes } from '@tessera/manager';
import { BackgroundTaskTracker } from './background-task-tracker';
import type { Config } from './config.generated';
import { EventErrorCodes } from './event-errors';
import { EventRoutes } from './event-routes';
import { OpenStreams } from './open-streams';
import { SessionEventHub } from './session-event-hub';
import { SessionSnapshots } from './session-snapshots';
import { EVENTS_ACCESS } from './session-stream-filter';

/** What `init` builds and `start`/`stop` drive. */
interface ManagerEvents {
  hub: SessionEventHub;
  tasks: BackgroundTaskTracker;
  streams: OpenStreams;
}

/**
 * `@tessera/manager-events`: the manager's Server-Sent Event streams, `/events/session` and
 * `/events/background-task`, fed by the event bus. Its subscriptions are this manager's own (a
 * consumer group of its own for anycast events), so behind a load balancer every manager streams
 * every event.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, bus: EventBus },
  errorCodes: [EventErrorCodes],
  init(ctx): ManagerEvents {
    const { config, deps, log } = ctx;
    const consumerGroup = config.consumerGroup ?? `manager-events@${ctx.nodeId}`;
    const snapshots = new SessionSnapshots(deps.db, {
      capacity: config.sessionCacheSize,
      ttlMs: config.sessionCacheTtl * 1000,
    });
    const hub = new SessionEventHub(deps.bus, snapshots, log, {
      bufferSize: config.sessionEventBuffer,
      consumerGroup,
    });
    const tasks = new BackgroundTaskTracker(deps.bus, {
      retentionMs: config.taskRetention * 1000,
      maxTasks: config.maxTrackedTasks,
      consumerGroup,
    });
    const streams = new OpenStreams({
      keepAliveMs: config.keepAliveInterval * 1000,
      maxQueuedBytes: config.maxQueuedBytes,
    });
    ctx.contribute(AccessRuleTables, EVENTS_ACCESS);
    ctx.contribute(ApiRoutes, new EventRoutes(deps.db, hub, tasks, streams, log));
    return { hub, tasks, streams };
  },
  async start({ hub, tasks, streams }, ctx) {
    await hub.start();
    await tasks.start();
    // Open streams end as soon as the deployment begins to stop, before the API server closes.
    ctx.signal.addEventListener('abort', () => streams.closeAll(), { once: true });
  },
  async stop({ hub, tasks, streams }) {
    streams.closeAll();
    await hub.stop();
    await tasks.stop();
  },
});
