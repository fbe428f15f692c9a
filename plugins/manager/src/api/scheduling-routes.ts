import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';
import { maskAgentIds } from '../scheduling/agent-masking';
import type { SchedulingExplainer } from '../scheduling/scheduling-explainer';
import { findOwnedSession } from '../sessions/session-lookup';
import { seesAgents } from './agent-visibility';
import type { ApiState } from './api-state';
import { resolveOwner } from './session-owner';

export interface SchedulingRouteDependencies {
  db: Database;
  explainer: SchedulingExplainer;
  /** Runs before every route (authentication, body parsing). */
  middleware: Middleware<ApiState>[];
  /** Backend.AI's `hide-agents`: agent ids for superadmins only, `hidden-<n>` for the others. */
  hideAgents: boolean;
}

/**
 * `GET /session/:id/scheduling` (and `/kernel/:id/scheduling`): why a session is still pending:
 * every predicate's verdict and, per agent of its resource group, which filter rejected it and
 * what was missing. A session that is no longer pending answers `pending: false` with where it went.
 */
export function schedulingRoutes(deps: SchedulingRouteDependencies): Router<ApiState> {
  const router = new Router<ApiState>();
  router.use(...deps.middleware);
  for (const prefix of ['/session', '/kernel']) {
    router.get(`${prefix}/:id/scheduling`, async (ctx) => {
      const asked =
        typeof ctx.query['owner_access_key'] === 'string' ? ctx.query['owner_access_key'] : undefined;
      const owner = await resolveOwner(ctx.state.keypair!, asked, deps.db.keypairs);
      const id = ctx.params['id'] as string;
      const session = await findOwnedSession(deps.db, owner.accessKey, id);
      if (!session) throw ManagerErrors.sessionNotFound(id);
      const explanation = await deps.explainer.explain(session);
      ctx.body = seesAgents(ctx.state.keypair!, deps.hideAgents) ? explanation : maskAgentIds(explanation);
    });
  }
  return router;
}
