import Router from '@koa/router';
import type { Database } from '@tessera/core';
import type { ApiRouteContribution, ApiState, StreamRouteContribution } from '@tessera/manager';
import { sendJson } from '../execute/execute-stream';
import { streamSession } from '../stream-session';
import { appList } from './app-list';

export const APPS_PATH = '/stream/session/:id/apps';

/**
 * `/stream/session/:id/apps` over WebSocket: one text message with the app list, then the socket
 * closes (1000).
 */
export function appsStreamRoute(db: Database): StreamRouteContribution {
  return {
    path: APPS_PATH,
    async accept(request) {
      const session = await streamSession(
        db,
        request.keypair,
        request.params['id']!,
        request.query.get('owner_access_key'),
        request.access,
      );
      return async (socket) => {
        await sendJson(socket, appList(session));
      };
    },
  };
}

/**
 * The same list as a plain signed `GET` answering JSON, which is how Backend.AI's client
 * (`stream_app_info`) and its manager (`get_stream_apps`) exchange it.
 */
export function appsRestRoute(db: Database): ApiRouteContribution {
  return {
    routes(kit) {
      const router = new Router<ApiState>();
      router.use(...kit.authenticated);
      router.get(APPS_PATH, async (ctx) => {
        const owner = ctx.query['owner_access_key'];
        const session = await streamSession(
          db,
          ctx.state.keypair!,
          ctx.params['id']!,
          typeof owner === 'string' ? owner : null,
          kit.access,
        );
        ctx.body = appList(session);
      });
      return router;
    },
  };
}
