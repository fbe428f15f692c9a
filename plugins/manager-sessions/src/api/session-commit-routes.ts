import Router from '@koa/router';
import type { Context } from 'koa';
import { inject, injectable } from 'tsyringe';
import { Database, type KeypairRecord } from '@tessera/core';
import {
  ManagerErrors,
  resolveOwner,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { SessionCommitter } from '../session-committer';
import { SessionErrors } from '../session-errors';
import { findOwnedSession } from '../session-lookup';

/** Session prefixes: `/session`, and `/kernel` that older clients (the JS SDK before v5) use. */
const PREFIXES = ['/session', '/kernel'];

type RequestContext = Context & { state: ApiState };

/** The request's parameters: the body, or the query when the body is empty (as upstream reads them). */
function paramsOf(ctx: RequestContext): Record<string, unknown> {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' && Object.keys(body).length > 0 ? body : { ...ctx.query };
}

/**
 * `filename` (alias `fname`) of a commit request: accepted when it is a string or null, and then
 * not used, as upstream, which always names the archive `<time>_<session>_<image>.tar.gz`.
 */
function checkFilename(params: Record<string, unknown>): void {
  for (const field of ['filename', 'fname']) {
    const value = params[field];
    if (value !== undefined && value !== null && typeof value !== 'string')
      throw ManagerErrors.invalidParams(`Invalid parameter ${field}: must be a string`, { field });
  }
}

/**
 * Session commit (upstream's commit_session and get_commit_status): `POST /session/:id/commit`
 * starts saving the main kernel's container as an image archive on its agent and answers 201 with
 * where it goes; `GET /session/:id/commit` answers `{ status, kernel }`, the status `ongoing`
 * while it is written, `ready` when no commit runs, `''` when the session is not RUNNING.
 * Admins may name another owner with `owner_access_key`; other owners' sessions are not found.
 */
@injectable()
export class SessionCommitRoutes implements ApiRouteContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SessionCommitter) private readonly committer: SessionCommitter,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);

    const owner = async (ctx: RequestContext): Promise<KeypairRecord> => {
      const asked = paramsOf(ctx)['owner_access_key'] ?? ctx.query['owner_access_key'];
      return resolveOwner(
        ctx.state.keypair!,
        typeof asked === 'string' ? asked : undefined,
        this.db.keypairs,
        kit.access,
      );
    };
    const ownedSession = async (ctx: RequestContext, ownerKeypair: KeypairRecord) => {
      const id = ctx.params['id'] as string;
      const session = await findOwnedSession(this.db, ownerKeypair.accessKey, id);
      if (!session) throw SessionErrors.sessionNotFound(id);
      return session;
    };

    for (const prefix of PREFIXES) {
      router.post(`${prefix}/:id/commit`, async (ctx) => {
        checkFilename(paramsOf(ctx));
        const ownerKeypair = await owner(ctx);
        const session = await ownedSession(ctx, ownerKeypair);
        ctx.status = 201;
        ctx.body = await this.committer.commit(session, ownerKeypair.userEmail, kit.now());
      });
      router.get(`${prefix}/:id/commit`, async (ctx) => {
        const session = await ownedSession(ctx, await owner(ctx));
        ctx.body = await this.committer.status(session);
      });
    }
    return router;
  }
}
