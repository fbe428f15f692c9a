import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Database, Logger } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';
import type { SchedulingExplainer } from '../scheduling/scheduling-explainer';
import type { SessionCreator } from '../sessions/session-creator';
import type { SessionExecutor } from '../sessions/session-executor';
import type { SessionTerminator } from '../sessions/session-terminator';
import type { ApiState } from './api-state';
import { authMiddleware } from './auth/auth-middleware';
import { graphqlRoutes } from './graphql/graphql-routes';
import { problemResponses } from './problem-response';
import { rootRoutes } from './root-routes';
import { schedulingRoutes } from './scheduling-routes';
import { sessionRoutes } from './session-routes';
import { stripVersionPrefix } from './version-prefix';

export interface ApiAppDependencies {
  db: Database;
  log: Logger;
  managerVersion: string;
  maxClockSkewMs: number;
  creator: SessionCreator;
  terminator: SessionTerminator;
  executor: SessionExecutor;
  explainer: SchedulingExplainer;
  /** Answer GraphQL schema introspection (`api.allowGraphqlSchemaIntrospection`). */
  allowGraphqlIntrospection: boolean;
  /** Backend.AI's `hide-agents` (`api.hideAgents`): agent ids for superadmins only. */
  hideAgents: boolean;
  now?: () => Date;
}

/**
 * The manager's REST API as a Koa application. Order: the `Server` header, problem+json error
 * mapping, the deprecated `/v<major>` prefix, public version routes, then the authenticated
 * areas (each router authenticates before parsing bodies). Unmatched paths are 404 `url-not-found`.
 */
export function buildApiApp(deps: ApiAppDependencies): Koa<ApiState> {
  const now = deps.now ?? (() => new Date());
  const app = new Koa<ApiState>();
  app.proxy = false;
  app.silent = true;

  const authenticated = [
    authMiddleware({ keypairs: deps.db.keypairs, log: deps.log, maxClockSkewMs: deps.maxClockSkewMs, now }),
    bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }),
  ];
  const root = rootRoutes(deps.managerVersion);
  const sessions = sessionRoutes({
    db: deps.db,
    creator: deps.creator,
    terminator: deps.terminator,
    executor: deps.executor,
    middleware: authenticated,
    now,
    hideAgents: deps.hideAgents,
  });

  app.use(async (ctx, next) => {
    ctx.set('Server', 'BackendAI');
    await next();
  });
  app.use(problemResponses(deps.log));
  app.use(stripVersionPrefix());
  app.use(
    schedulingRoutes({
      db: deps.db,
      explainer: deps.explainer,
      middleware: authenticated,
      hideAgents: deps.hideAgents,
    }).routes(),
  );
  app.use(
    graphqlRoutes({
      db: deps.db,
      explainer: deps.explainer,
      log: deps.log,
      allowIntrospection: deps.allowGraphqlIntrospection,
      hideAgents: deps.hideAgents,
      middleware: authenticated,
    }).routes(),
  );
  app.use(sessions.routes());
  app.use(root.routes());
  app.use((ctx) => {
    throw ManagerErrors.urlNotFound(ctx.method, ctx.path);
  });
  return app;
}
