import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Logger } from '@tessera/core';
import type { TokenIssuer } from '../client-api/tokens';
import { problemBody, toProblem } from '../problem';
import { ProxyErrors } from '../proxy-errors';
import type { UploadSessions } from '../uploads/upload-sessions';
import type { VolumeSet } from '../volume-set';
import { fileRoutes } from './file-routes';
import { folderRoutes } from './folder-routes';
import { requireSecret } from './secret-check';
import { volumeRoutes } from './volume-routes';

/** What the manager-facing routes work with. */
export interface ManagerApiDeps {
  /** This proxy's name (node id). */
  name: string;
  volumes: VolumeSet;
  uploads: UploadSessions;
  tokens: TokenIssuer;
  scandirLimit: number;
  maxUploadSize: number;
  /** The current manager secret. */
  secret: () => string;
  log: Logger;
}

/** Largest JSON body a manager sends (a delete of many paths stays far below). */
const MAX_JSON_BODY = '4mb';

/**
 * The manager-facing API as a Koa app: problem+json errors, then the secret check on every
 * route, then the JSON body parser and the routes. Logs name the method and path only.
 */
export function buildManagerApp(deps: ManagerApiDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw ProxyErrors.urlNotFound(ctx.method, ctx.path);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) {
        deps.log.error('manager API request failed', {
          method: ctx.method,
          path: ctx.path,
          error: String(error),
        });
      }
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      ctx.body = problemBody(problem);
    }
  });
  app.use(requireSecret(deps.secret));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: MAX_JSON_BODY, encoding: 'utf-8' }));
  const router = new Router();
  volumeRoutes(router, deps);
  folderRoutes(router, deps);
  fileRoutes(router, deps);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
