import Router from '@koa/router';
import type { Context } from 'koa';
import { inject, injectable } from 'tsyringe';
import { Database, type KeypairRecord } from '@tessera/core';
import {
  ManagerErrors,
  normalizeUuid,
  resolveOwner,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { SessionCreator } from '../session-creator';
import { SessionErrors } from '../session-errors';
import { SessionExecutor } from '../session-executor';
import { KernelLogReader } from '../session-logs';
import { findOwnedSession } from '../session-lookup';
import { SessionRestarter } from '../session-restarter';
import { parseShutdownServiceBody, SessionServiceStopper } from '../session-service-shutdown';
import { SessionServiceStarter } from '../session-services';
import { SessionTerminator } from '../session-terminator';
import { parseCreateSessionBody } from './create-session-body';
import { parseExecuteBody } from './execute-body';
import { parseRenameBody } from './rename-body';
import { createdSessionView, sessionInfoView, startedServiceView } from './session-views';
import { parseStartServiceBody } from './start-service-body';
import { authorizeCreation } from '../session-access';

/** Session prefixes: `/session`, and `/kernel` that older clients (the JS SDK before v5) use. */
const PREFIXES = ['/session', '/kernel'];
/** Sessions `GET /session/_/match` answers at most (Backend.AI's max_matches). */
const MAX_MATCHES = 10;

/**
 * Create, inspect, execute in, restart and terminate sessions (api-spec §3.1-3.2), start their app
 * services, stop them, and read their kernels' logs (upstream's start-service, shutdown-service and
 * logs).
 */
@injectable()
export class SessionRoutes implements ApiRouteContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SessionCreator) private readonly creator: SessionCreator,
    @inject(SessionTerminator) private readonly terminator: SessionTerminator,
    @inject(SessionExecutor) private readonly executor: SessionExecutor,
    @inject(SessionServiceStarter) private readonly services: SessionServiceStarter,
    @inject(KernelLogReader) private readonly logs: KernelLogReader,
    @inject(SessionRestarter) private readonly restarter: SessionRestarter,
    @inject(SessionServiceStopper) private readonly serviceStopper: SessionServiceStopper,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);

    const owner = async (ctx: Context & { state: ApiState }): Promise<KeypairRecord> => {
      const fromQuery =
        typeof ctx.query['owner_access_key'] === 'string' ? ctx.query['owner_access_key'] : undefined;
      const body = ctx.request.body as Record<string, unknown> | undefined;
      const fromBody = typeof body?.['owner_access_key'] === 'string' ? body['owner_access_key'] : undefined;
      return resolveOwner(ctx.state.keypair!, fromQuery ?? fromBody, this.db.keypairs, kit.access);
    };
    const ownedSession = async (ctx: Context & { state: ApiState }) => {
      const id = ctx.params['id'] as string;
      const session = await findOwnedSession(this.db, (await owner(ctx)).accessKey, id);
      if (!session) throw SessionErrors.sessionNotFound(id);
      return session;
    };

    const create: Router.Middleware<ApiState> = async (ctx) => {
      const request = parseCreateSessionBody(ctx.request.body);
      const ownerKeypair = await owner(ctx);
      authorizeCreation(kit.access, ctx.state.keypair!, ownerKeypair, request);
      const outcome = await this.creator.create(ownerKeypair, request);
      ctx.status = outcome.created ? 201 : 200;
      ctx.body = createdSessionView(outcome.session, outcome.created);
    };

    for (const prefix of PREFIXES) {
      router.post(prefix, create);
      router.post(`${prefix}/create`, create);
      // Before the `/:id` routes, which would take `_` for a session name.
      router.get(`${prefix}/_/match`, async (ctx) => {
        const prefixParam = ctx.query['id'];
        if (typeof prefixParam !== 'string' || prefixParam.length === 0)
          throw ManagerErrors.invalidParams('Missing parameter "id" (the start of a session id or name)', {
            field: 'id',
          });
        const sessions = await this.db.sessions.match((await owner(ctx)).accessKey, prefixParam, MAX_MATCHES);
        ctx.body = { matches: sessions.map((s) => ({ id: s.id, name: s.name, status: s.status })) };
      });
      router.get(`${prefix}/:id`, async (ctx) => {
        const id = ctx.params['id'] as string;
        // As the listing shows it: each kernel's last stat comes with it.
        const session = await this.db.sessions.findOwnedListed((await owner(ctx)).accessKey, id);
        if (!session) throw SessionErrors.sessionNotFound(id);
        ctx.body = sessionInfoView(session, kit.now(), kit.seesAgents(ctx.state.keypair!));
      });
      router.post(`${prefix}/:id/start-service`, async (ctx) => {
        const session = await ownedSession(ctx);
        ctx.body = startedServiceView(
          await this.services.start(session, parseStartServiceBody(ctx.request.body)),
        );
      });
      router.post(`${prefix}/:id/shutdown-service`, async (ctx) => {
        // Backend.AI reads the body, or the query when the body is empty (what its JS SDK sends).
        const body = ctx.request.body as Record<string, unknown> | undefined;
        const params = body && Object.keys(body).length > 0 ? body : { ...ctx.query };
        const service = parseShutdownServiceBody(params);
        await this.serviceStopper.shutdown(await ownedSession(ctx), service);
        ctx.status = 204;
      });
      router.get(`${prefix}/:id/logs`, async (ctx, next) => {
        // `/session/_/logs` is the task log, kept in the user's .logs vfolder: the storage
        // feature's route answers it (404 url-not-found when the deployment has none).
        if (ctx.params['id'] === '_') return next();
        const session = await ownedSession(ctx);
        const asked = typeof ctx.query['kernel_id'] === 'string' ? ctx.query['kernel_id'] : null;
        const kernelId = asked === null ? null : normalizeUuid(asked);
        if (asked !== null && !kernelId)
          throw ManagerErrors.invalidParams(`Invalid parameter kernel_id: "${asked}" is not a UUID`, {
            kernel_id: asked,
          });
        ctx.body = { result: { logs: await this.logs.logs(session, kernelId) } };
      });
      router.get(`${prefix}/:id/status-history`, async (ctx) => {
        const session = await ownedSession(ctx);
        ctx.body = { result: session.statusHistory };
      });
      router.post(`${prefix}/:id/interrupt`, async (ctx) => {
        await this.executor.interrupt(await ownedSession(ctx));
        ctx.status = 204;
      });
      router.post(`${prefix}/:id/rename`, async (ctx) => {
        const name = parseRenameBody(ctx.request.body);
        const session = await ownedSession(ctx);
        const outcome = await this.db.sessions.rename(session.id, name, ['RUNNING']);
        if (outcome === 'wrong-status')
          throw ManagerErrors.invalidParams(
            `Session "${session.name}" is ${session.status}: only a RUNNING session can be renamed`,
            { session: session.name, status: session.status },
          );
        if (outcome === 'name-taken')
          throw SessionErrors.sessionAlreadyExists(name, session.image, 'choose another name to rename to');
        ctx.status = 204;
      });
      router.post(`${prefix}/:id`, async (ctx) => {
        const session = await ownedSession(ctx);
        ctx.body = { result: await this.executor.execute(session, parseExecuteBody(ctx.request.body)) };
      });
      // Restart (api-spec §3.1): the kernels' global state is wiped, /home/work stays.
      router.patch(`${prefix}/:id`, async (ctx) => {
        await this.restarter.restart(await ownedSession(ctx));
        ctx.status = 204;
      });
      router.delete(`${prefix}/:id`, async (ctx) => {
        await this.terminator.terminate(await ownedSession(ctx));
        ctx.status = 204;
      });
    }
    return router;
  }
}
