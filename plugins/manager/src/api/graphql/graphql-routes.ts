import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { GraphQLSchema } from 'graphql';
import type { KeypairRecord, Logger } from '@tessera/core';
import type { AccessPolicy } from '../../access/access-policy';
import { ManagerErrors } from '../../manager-errors';
import type { ApiState } from '../api-state';
import { AdminGraphQL } from './admin-graphql';
import type { GraphQLContext } from './graphql-context';
import { parseGraphQLRequest } from './graphql-request';

export interface GraphQLRouteDependencies {
  schema: GraphQLSchema;
  log: Logger;
  allowIntrospection: boolean;
  seesAgents(caller: KeypairRecord): boolean;
  /** The permission table resolvers consult (`context.access`). */
  access: AccessPolicy;
  /** Runs before every route (authentication, body parsing). */
  middleware: ReadonlyArray<Middleware<ApiState>>;
  /** Whether the manager is frozen: mutations are then refused with `server-frozen` (503). */
  isFrozen: () => Promise<boolean>;
}

/**
 * The admin GraphQL API (api-spec §3.11, §8): `POST /admin/graphql`, the legacy endpoint that
 * answers `data` unwrapped at the root and turns any GraphQL error into a 400 problem+json of type
 * `graphql-error` with the errors in `data`; and `POST /admin/gql`, the standard `{data, errors}`.
 */
export function graphqlRoutes(deps: GraphQLRouteDependencies): Router<ApiState> {
  const graphql = new AdminGraphQL(deps.schema, {
    allowIntrospection: deps.allowIntrospection,
    log: deps.log,
    beforeMutation: async () => {
      // As upstream's GQLMutationUnfrozenRequiredMiddleware: reads go on, changes wait.
      if (await deps.isFrozen()) throw ManagerErrors.serverFrozen('the admin API accepts no mutation');
    },
  });
  const router = new Router<ApiState>();
  router.use(...deps.middleware);
  const contextOf = (caller: KeypairRecord): GraphQLContext => ({
    caller,
    seesAgents: deps.seesAgents(caller),
    access: deps.access,
  });
  router.post('/admin/graphql', async (ctx) => {
    const result = await graphql.run(parseGraphQLRequest(ctx.request.body), contextOf(ctx.state.keypair!));
    if (result.errors?.length) throw ManagerErrors.graphqlFailed(result.errors);
    ctx.body = result.data ?? {};
  });
  router.post('/admin/gql', async (ctx) => {
    ctx.body = await graphql.run(parseGraphQLRequest(ctx.request.body), contextOf(ctx.state.keypair!));
  });
  return router;
}
