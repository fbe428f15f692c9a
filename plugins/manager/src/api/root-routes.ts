import Router from '@koa/router';
import { ManagerErrors } from '../manager-errors';
import { LATEST_API_VERSION, latestVersionOfMajor } from './api-versions';

/** `GET /` and `GET /v<major>`: the unauthenticated version checks (api-spec §2.8). */
export function rootRoutes(managerVersion: string): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.body = { version: LATEST_API_VERSION, manager: managerVersion };
  });
  router.get('/:major', (ctx) => {
    const match = /^v(\d+)$/.exec(ctx.params['major'] ?? '');
    const version = match ? latestVersionOfMajor(Number(match[1])) : null;
    if (!version) throw ManagerErrors.urlNotFound(ctx.method, ctx.path);
    ctx.body = { version };
  });
  return router;
}
