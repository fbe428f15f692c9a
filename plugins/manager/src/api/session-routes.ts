import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Database, KeypairRecord } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';
import type { SessionCreator } from '../sessions/session-creator';
import type { SessionExecutor } from '../sessions/session-executor';
import { findOwnedSession } from '../sessions/session-lookup';
import type { SessionTerminator } from '../sessions/session-terminator';
import { seesAgents } from './agent-visibility';
import type { ApiState } from './api-state';
import { parseCreateSessionBody } from './create-session-body';
import { parseExecuteBody } from './execute-body';
import { resolveOwner } from './session-owner';
import { createdSessionView, sessionInfoView } from './session-views';

export interface SessionRouteDependencies {
  db: Database;
  creator: SessionCreator;
  terminator: SessionTerminator;
  executor: SessionExecutor;
  /** Runs before every route (authentication, body parsing). */
  middleware: Middleware<ApiState>[];
  now(): Date;
  /** Backend.AI's `hide-agents`: kernels' agent ids for superadmins only. */
  hideAgents: boolean;
}

/** Session prefixes: `/session`, and `/kernel` that older clients (the JS SDK before v5) use. */
const PREFIXES = ['/session', '/kernel'];

/** Create, inspect, execute in, and terminate sessions (api-spec §3.1-3.2). */
export function sessionRoutes(deps: SessionRouteDependencies): Router<ApiState> {
  const router = new Router<ApiState>();
  router.use(...deps.middleware);

  const owner = async (ctx: Context & { state: ApiState }): Promise<KeypairRecord> => {
    const fromQuery =
      typeof ctx.query['owner_access_key'] === 'string' ? ctx.query['owner_access_key'] : undefined;
    const body = ctx.request.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?.['owner_access_key'] === 'string' ? body['owner_access_key'] : undefined;
    return resolveOwner(ctx.state.keypair!, fromQuery ?? fromBody, deps.db.keypairs);
  };
  const ownedSession = async (ctx: Context & { state: ApiState }) => {
    const id = ctx.params['id'] as string;
    const session = await findOwnedSession(deps.db, (await owner(ctx)).accessKey, id);
    if (!session) throw ManagerErrors.sessionNotFound(id);
    return session;
  };

  const create: Router.Middleware<ApiState> = async (ctx) => {
    const request = parseCreateSessionBody(ctx.request.body);
    const outcome = await deps.creator.create(await owner(ctx), request, ctx.state.keypair);
    ctx.status = outcome.created ? 201 : 200;
    ctx.body = createdSessionView(outcome.session, outcome.created);
  };

  for (const prefix of PREFIXES) {
    router.post(prefix, create);
    router.post(`${prefix}/create`, create);
    router.get(`${prefix}/:id`, async (ctx) => {
      ctx.body = sessionInfoView(
        await ownedSession(ctx),
        deps.now(),
        seesAgents(ctx.state.keypair!, deps.hideAgents),
      );
    });
    router.post(`${prefix}/:id`, async (ctx) => {
      const session = await ownedSession(ctx);
      ctx.body = { result: await deps.executor.execute(session, parseExecuteBody(ctx.request.body)) };
    });
    router.delete(`${prefix}/:id`, async (ctx) => {
      await deps.terminator.terminate(await ownedSession(ctx));
      ctx.status = 204;
    });
  }
  return router;
}
