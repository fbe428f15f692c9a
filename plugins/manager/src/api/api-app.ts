import type { GraphQLSchema } from 'graphql';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { KeypairRepository, Logger, RateLimitStore } from '@tessera/core';
import { AccessPolicy } from '../access/access-policy';
import { HOST_ACCESS } from '../access/host-access';
import type { ApiRouteContribution, ApiRouteKit } from '../extension-points/api-routes';
import type { GraphQLTypesContribution } from '../extension-points/graphql-types';
import { ManagerErrors } from '../manager-errors';
import { seesAgents } from './agent-visibility';
import type { ApiState } from './api-state';
import { authMiddleware } from './auth/auth-middleware';
import { buildAdminSchema } from './graphql/admin-schema';
import { graphqlRoutes } from './graphql/graphql-routes';
import { problemResponses } from './problem-response';
import { publicRateLimitHeaders, rateLimitMiddleware } from './rate-limit/rate-limit-middleware';
import { RequestRateLimiter } from './rate-limit/request-rate-limiter';
import { rootRoutes } from './root-routes';
import { gatedRoutes } from './router-gate';
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
  /** The schema already built from `graphqlTypes`; built here when absent. */
  adminSchema?: GraphQLSchema | null;
  /** Whether a path is a contributed WebSocket route: a plain request there is answered 400. */
  isStreamPath?: (path: string) => boolean;
  /** Largest JSON body in bytes (`api.maxJsonBodySize`); a larger one is refused before the route runs. */
  maxJsonBodyBytes: number;
  /** The per-access-key rate limit (`rateLimit.*`) and where requests are counted. */
  rateLimit: { store: RateLimitStore; windowMs: number; defaultLimit: number };
  now?: () => Date;
  /** The permission table routes and resolvers consult; empty when not given. */
  access?: AccessPolicy;
  /** Whether the manager status is `frozen` (GraphQL mutations are then refused); never when absent. */
  isFrozen?: () => Promise<boolean>;
}

/**
 * The manager's REST API as a Koa application. Order: the `Server` header, the fixed rate-limit
 * headers of uncounted answers, problem+json error mapping, the deprecated `/v<major>` prefix, the
 * contributed routers (each authenticates, counts the request against the keypair's rate limit,
 * then parses the body; each is skipped at once by requests none of its routes can match), the
 * admin GraphQL endpoints, the public version routes, then 400 for a plain request on a WebSocket
 * route. Unmatched paths are 404 `url-not-found`.
 */
export function buildApiApp(deps: ApiAppDependencies): Koa<ApiState> {
  const now = deps.now ?? (() => new Date());
  const app = new Koa<ApiState>();
  app.proxy = false;
  app.silent = true;

  const kit: ApiRouteKit = {
    authenticated: [
      authMiddleware({ keypairs: deps.keypairs, log: deps.log, maxClockSkewMs: deps.maxClockSkewMs, now }),
      rateLimitMiddleware(new RequestRateLimiter({ ...deps.rateLimit, now, log: deps.log })),
      bodyParser({ enableTypes: ['json'], jsonLimit: deps.maxJsonBodyBytes, encoding: 'utf-8' }),
    ],
    now,
    seesAgents: (caller) => seesAgents(caller, deps.hideAgents),
    access: deps.access ?? new AccessPolicy([HOST_ACCESS]),
  };

  app.use(async (ctx, next) => {
    ctx.set('Server', 'BackendAI');
    await next();
  });
  app.use(publicRateLimitHeaders(deps.rateLimit.windowMs));
  app.use(problemResponses(deps.log));
  app.use(stripVersionPrefix());
  for (const contribution of deps.routes) app.use(gatedRoutes(contribution.routes(kit)));
  const schema = deps.adminSchema !== undefined ? deps.adminSchema : buildAdminSchema(deps.graphqlTypes);
  if (schema) {
    const graphql = graphqlRoutes({
      schema,
      log: deps.log,
      allowIntrospection: deps.allowGraphqlIntrospection,
      seesAgents: kit.seesAgents,
      access: kit.access,
      middleware: kit.authenticated,
      isFrozen: deps.isFrozen ?? (async () => false),
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
