import type { Middleware } from 'koa';
import { ManagerErrors } from '../manager-errors';
import { latestVersionOfMajor } from './api-versions';

/**
 * Deprecated but still supported: a path may start with the API major (`/v4/kernel/create`).
 * Routes see the path without it; signature checks keep using the original URL. An unknown
 * major is a 404.
 */
export function stripVersionPrefix(): Middleware {
  return async (ctx, next) => {
    const match = /^\/v(\d+)(\/.+)$/.exec(ctx.path);
    if (match) {
      if (!latestVersionOfMajor(Number(match[1]))) throw ManagerErrors.urlNotFound(ctx.method, ctx.path);
      ctx.path = match[2]!;
    }
    await next();
  };
}
