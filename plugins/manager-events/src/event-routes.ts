import Router from '@koa/router';
import { Database, type Logger } from '@tessera/core';
import {
  ManagerErrors,
  normalizeUuid,
  resolveOwner,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { streamBackgroundTask } from './background-task-stream';
import type { BackgroundTaskTracker } from './background-task-tracker';
import { EventErrors } from './event-errors';
import type { OpenStreams } from './open-streams';
import type { SessionEventHub } from './session-event-hub';
import { SessionEventStream } from './session-event-stream';
import { sessionSeer } from './session-stream-filter';
import { parseSessionStreamQuery } from './session-stream-query';

type Query = Record<string, string | string[] | undefined>;

/** The `Last-Event-ID` a reconnecting client sends, if any. */
function lastEventIdOf(header: string): string | undefined {
  return header.trim() === '' ? undefined : header;
}

/**
 * `GET /events/session` and `GET /events/background-task` (api-spec §3.5, §6): signed requests
 * answered with `text/event-stream`. Parameters are checked before the stream opens, so a bad one
 * gets the manager's problem+json answer, not an empty stream.
 */
export class EventRoutes implements ApiRouteContribution {
  constructor(
    private readonly db: Database,
    private readonly hub: SessionEventHub,
    private readonly tasks: BackgroundTaskTracker,
    private readonly streams: OpenStreams,
    private readonly log: Logger,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);

    router.get('/events/session', async (ctx) => {
      const caller = ctx.state.keypair!;
      const query = parseSessionStreamQuery(ctx.query as Query);
      const owner = query.ownerAccessKey
        ? await resolveOwner(caller, query.ownerAccessKey, this.db.keypairs, kit.access)
        : caller;
      const filter = {
        sees: sessionSeer(kit.access, caller),
        sessionId: query.sessionId,
        sessionName: query.sessionName,
        nameOwner: owner.accessKey,
        ownerAccessKey: query.ownerAccessKey ? owner.accessKey : null,
        group: query.group,
        scope: query.scope,
      };
      const sse = this.streams.open(ctx.res);
      ctx.respond = false;
      this.log.info('session event stream opened', {
        accessKey: caller.accessKey,
        sessionName: query.sessionName,
        sessionId: query.sessionId,
        ownerAccessKey: filter.ownerAccessKey,
        group: query.group,
        scope: query.scope,
      });
      new SessionEventStream(this.hub, sse, filter, this.log).open(lastEventIdOf(ctx.get('Last-Event-ID')));
      // After the stream's own clean-up, so the counts say what is left.
      sse.onClose(() =>
        this.log.info('session event stream closed', {
          accessKey: caller.accessKey,
          sessionStreams: this.hub.listenerCount,
          openStreams: this.streams.size,
        }),
      );
    });

    router.get('/events/background-task', (ctx) => {
      const caller = ctx.state.keypair!;
      const raw = (ctx.query as Query)['taskId'] ?? (ctx.query as Query)['task_id'];
      if (raw === undefined || raw === '')
        throw ManagerErrors.invalidParams('taskId is required: the task_id of the background task to follow');
      const taskId = typeof raw === 'string' ? normalizeUuid(raw) : null;
      if (!taskId)
        throw ManagerErrors.invalidParams(
          `taskId must be one UUID (hex 8-4-4-4-12), not ${JSON.stringify(raw)}`,
          {
            taskId: raw,
          },
        );
      const current = this.tasks.get(taskId);
      if (!current) throw EventErrors.backgroundTaskNotFound(taskId);
      const sse = this.streams.open(ctx.res);
      ctx.respond = false;
      this.log.info('background task event stream opened', { accessKey: caller.accessKey, taskId });
      streamBackgroundTask(this.tasks, sse, current, lastEventIdOf(ctx.get('Last-Event-ID')));
      sse.onClose(() =>
        this.log.info('background task event stream closed', {
          accessKey: caller.accessKey,
          taskId,
          taskStreams: this.tasks.listenerCount,
          openStreams: this.streams.size,
        }),
      );
    });

    return router;
  }
}
