import Router from '@koa/router';
import { inject, injectable } from 'tsyringe';
import { Database } from '@tessera/core';
import { resolveOwner, type ApiRouteContribution, type ApiRouteKit, type ApiState } from '@tessera/manager';
import { findOwnedSession, SessionErrors } from '@tessera/manager-sessions';
import { maskAgentIds } from '@tessera/sokovan';
import { SchedulingExplainer } from '../scheduling-explainer';

/**
 * `GET /session/:id/scheduling` (and `/kernel/:id/scheduling`): why a session is still pending:
 * every predicate's verdict and, per agent of its resource group, which filter rejected it and
 * what was missing. A session that is no longer pending answers `pending: false` with where it
 * went. Agent ids are `hidden-<n>` for callers who may not see them.
 */
@injectable()
export class SchedulingRoutes implements ApiRouteContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SchedulingExplainer) private readonly explainer: SchedulingExplainer,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);
    for (const prefix of ['/session', '/kernel']) {
      router.get(`${prefix}/:id/scheduling`, async (ctx) => {
        const asked =
          typeof ctx.query['owner_access_key'] === 'string' ? ctx.query['owner_access_key'] : undefined;
        const owner = await resolveOwner(ctx.state.keypair!, asked, this.db.keypairs, kit.access);
        const id = ctx.params['id'] as string;
        const session = await findOwnedSession(this.db, owner.accessKey, id);
        if (!session) throw SessionErrors.sessionNotFound(id);
        const explanation = await this.explainer.explain(session);
        ctx.body = kit.seesAgents(ctx.state.keypair!) ? explanation : maskAgentIds(explanation);
      });
    }
    return router;
  }
}
