import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { KeypairRepository, Logger } from '@tessera/core';
import type { ApiRouteContribution, ApiRouteKit } from '../extension-points/api-routes';
import type { GraphQLTypesContribution } from '../extension-points/graphql-types';
import { ManagerErrors } from '../manager-errors';
import { seesAgents } from './agent-visibility';
import type { ApiState } from './api-state';
import { authMiddleware } from './auth/auth-middleware';
import { buildAdminSchema } from './graphql/admin-schema';
import { graphqlRoutes } from './graphql/graphql-routes';
import { problemResponses } from './problem-response';
import { rootRoutes } from './root-routes';
import { stripVersionPrefix } from './version-prefix';

export interface ApiAppDependencies {
  keypairs: KeypairRepository;
  log: Logger;
  managerVersion: string;
  maxClockSkewMs: number;
  /** Answer GraphQL schema introspection (`api.allowGraphqlSchemaIntrospection`). */
  allowGraphqlIntrospection: boolean;
  /** Backend.AI's `hide-agents` (`api.hideAgents`): agent ids for superadmins only. */
  hideAgents: boolean;
  /** The feature plugins' routes and GraphQL types, in contribution order. */
  routes: readonly ApiRouteContribution[];
  graphqlTypes: readonly GraphQLTypesContribution[];
  /** Whether a path is a contributed WebSocket route: a plain request there is answered 400. */
  isStreamPath?: (path: string) => boolean;
  now?: () => Date;
}

/**
 * The manager's REST API as a Koa application. Order: the `Server` header, problem+json error
 * mapping, the deprecated `/v<major>` prefix, the contributed routers (each authenticates before
 * parsing bodies), the admin GraphQL endpoints, the public version routes, then 400 for a plain
 * request on a WebSocket route. Unmatched paths are 404 `url-not-found`.
 */
export function buildApiApp(deps: ApiAppDependencies): Koa<ApiState> {
  const now = deps.now ?? (() => new Date());
  const app = new Koa<ApiState>();
  app.proxy = false;
  app.silent = true;

  const kit: ApiRouteKit = {
    authenticated: [
      authMiddleware({ keypairs: deps.keypairs, log: deps.log, maxClockSkewMs: deps.maxClockSkewMs, now }),
      bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }),
    ],
    now,
    seesAgents: (caller) => seesAgents(caller, deps.hideAgents),
  };

  app.use(async (ctx, next) => {
    ctx.set('Server', 'BackendAI');
    await next();
  });
  app.use(problemResponses(deps.log));
  app.use(stripVersionPrefix());
  for (const contribution of deps.routes) app.use(contribution.routes(kit).routes());
  const schema = buildAdminSchema(deps.graphqlTypes);
  if (schema) {
    const graphql = graphqlRoutes({
      schema,
      log: deps.log,
      allowIntrospection: deps.allowGraphqlIntrospection,
      seesAgents: kit.seesAgents,
      middleware: kit.authenticated,
    });
    app.use(graphql.routes());
  }
  app.use(rootRoutes(deps.managerVersion).routes());
  app.use(async (ctx, next) => {
    if (deps.isStreamPath?.(ctx.path)) throw ManagerErrors.webSocketRequired(ctx.path);
    await next();
  });
  app.use((ctx) => {
    throw ManagerErrors.urlNotFound(ctx.method, ctx.path);
  });
  return app;
}
