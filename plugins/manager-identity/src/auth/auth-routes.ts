import Router from '@koa/router';
import type { Context } from 'koa';
import { inject, injectable } from 'tsyringe';
import { ManagerErrors, type ApiRouteContribution, type ApiRouteKit, type ApiState } from '@tessera/manager';
import {
  parseAuthorizeBody,
  parseRoleParams,
  parseSignoutBody,
  parseUpdatePasswordBody,
  parseUpdatePasswordNoAuthBody,
} from './auth-bodies';
import { AuthService } from './auth-service';
import { readPublicBody } from './public-body';

/**
 * The /auth routes (upstream's api/auth.py): `POST /auth/authorize` and
 * `POST /auth/update-password-no-auth` unsigned (they hand out or repair credentials), and signed
 * `POST /auth/signout`, `POST /auth/update-password`, `GET /auth/role`, each checked against the
 * permission table (`auth.*`: the caller's own account only).
 */
@injectable()
export class AuthRoutes implements ApiRouteContribution {
  constructor(@inject(AuthService) private readonly auth: AuthService) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>({ prefix: '/auth' });

    router.post('/authorize', async (ctx) => {
      const body = parseAuthorizeBody(await readPublicBody(ctx));
      if (body.type !== 'keypair')
        throw ManagerErrors.invalidParams('Unsupported authorization type: type must be "keypair"', {
          field: 'type',
        });
      ctx.body = { data: await this.auth.authorize(body.domain, body.username, body.password, kit.now()) };
    });

    router.post('/update-password-no-auth', async (ctx) => {
      const body = parseUpdatePasswordNoAuthBody(await readPublicBody(ctx));
      const changedAt = await this.auth.updatePasswordNoAuth(
        body.domain,
        body.username,
        body.current_password,
        body.new_password,
        kit.now(),
      );
      ctx.status = 201;
      ctx.body = { password_changed_at: changedAt.toISOString() };
    });

    router.post('/signout', ...kit.authenticated, async (ctx) => {
      const caller = ctx.state.keypair!;
      const body = parseSignoutBody(ctx.request.body);
      kit.access.authorize(caller, 'auth.signout', { userEmail: body.email, domainName: caller.domainName });
      await this.auth.signout(caller, body.email, body.password);
      ctx.body = {};
    });

    router.post('/update-password', ...kit.authenticated, async (ctx) => {
      const caller = ctx.state.keypair!;
      const body = parseUpdatePasswordBody(ctx.request.body);
      kit.access.authorize(caller, 'auth.update-password', { userEmail: caller.userEmail });
      await this.auth.updatePassword(caller, body.old_password, body.new_password, body.new_password2);
      ctx.body = {};
    });

    router.get('/role', ...kit.authenticated, async (ctx) => {
      const caller = ctx.state.keypair!;
      const params = parseRoleParams(roleParams(ctx));
      kit.access.authorize(caller, 'auth.role', { userEmail: caller.userEmail });
      ctx.body = await this.auth.role(caller, params.group ?? undefined);
    });

    return router;
  }
}

/** GET /auth/role's `group` from the query string, or from a JSON body the body parser read. */
function roleParams(ctx: Context): Record<string, unknown> {
  const body = (ctx.request as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length > 0)
    return body as Record<string, unknown>;
  const group = ctx.query['group'];
  return group === undefined ? {} : { group };
}
