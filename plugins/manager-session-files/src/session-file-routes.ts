import Router from '@koa/router';
import type { Context } from 'koa';
import { inject, injectable } from 'tsyringe';
import { Database, TesseraError, type KeypairRecord, type SessionRecord } from '@tessera/core';
import {
  resolveOwner,
  type AccessPolicy,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { findOwnedSession, SessionErrors } from '@tessera/manager-sessions';
import { readFormFiles } from './multipart-form';
import { multipartMixed } from './multipart-mixed';
import {
  completionRequest,
  downloadPaths,
  listPath,
  singleDownloadPath,
  uploadWrites,
} from './session-file-requests';
import { SessionFiles } from './session-files';
import { firstTarFile } from './tar-reader';

/** Session prefixes: `/session`, and `/kernel` that older clients (the JS SDK before v5) use. */
const PREFIXES = ['/session', '/kernel'];

type ApiContext = Context & { state: ApiState };

/**
 * Session files and completion (api-spec §3.2-3.3), for the session's owner (or an admin acting for
 * it with `owner_access_key`, as for execute): another user's session is not found.
 */
@injectable()
export class SessionFileRoutes implements ApiRouteContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SessionFiles) private readonly files: SessionFiles,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);
    for (const prefix of PREFIXES) {
      router.post(`${prefix}/:id/upload`, async (ctx) => {
        const session = await this.ownedSession(ctx, kit.access);
        const files = uploadWrites(await readFormFiles(ctx.get('Content-Type'), ctx.req));
        await this.files.upload(session, files);
        ctx.status = 204;
      });
      router.get(`${prefix}/:id/files`, async (ctx) => {
        const path = listPath(ctx.query, ctx.request.body);
        const listing = await this.files.list(await this.ownedSession(ctx, kit.access), path);
        ctx.body = {
          files: JSON.stringify(listing.files),
          errors: listing.errors.join('\n'),
          abspath: listing.path,
          folder_path: listing.path,
        };
      });
      router.get(`${prefix}/:id/download`, async (ctx) => {
        const paths = downloadPaths(ctx.query, ctx.request.body);
        const archives = await this.files.download(await this.ownedSession(ctx, kit.access), paths);
        const { contentType, body } = multipartMixed(archives);
        ctx.type = contentType;
        ctx.body = body;
      });
      router.get(`${prefix}/:id/download_single`, async (ctx) => {
        const path = singleDownloadPath(ctx.query, ctx.request.body);
        const [archive] = await this.files.download(await this.ownedSession(ctx, kit.access), [path]);
        const file = firstTarFile(archive);
        if (!file)
          throw TesseraError.badRequest(
            'invalid-api-params',
            `"${path}" is not a regular file in the session`,
            {
              field: 'file',
              path,
            },
          );
        ctx.type = 'application/octet-stream';
        ctx.body = file.content;
      });
      router.post(`${prefix}/:id/complete`, async (ctx) => {
        const request = completionRequest(ctx.request.body);
        ctx.body = { result: await this.files.complete(await this.ownedSession(ctx, kit.access), request) };
      });
    }
    return router;
  }

  private async ownedSession(ctx: ApiContext, access: AccessPolicy): Promise<SessionRecord> {
    const id = ctx.params['id'] as string;
    const session = await findOwnedSession(this.db, (await this.owner(ctx, access)).accessKey, id);
    if (!session) throw SessionErrors.sessionNotFound(id);
    return session;
  }

  private owner(ctx: ApiContext, access: AccessPolicy): Promise<KeypairRecord> {
    const fromQuery =
      typeof ctx.query['owner_access_key'] === 'string' ? ctx.query['owner_access_key'] : undefined;
    const body = ctx.request.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?.['owner_access_key'] === 'string' ? body['owner_access_key'] : undefined;
    return resolveOwner(ctx.state.keypair!, fromQuery ?? fromBody, this.db.keypairs, access);
  }
}
