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
    ctx.path = pathWithoutVersionPrefix(ctx.method, ctx.path);
    await next();
  };
}

/**
 * The path routes match: `path` without a leading `/v<major>` (REST requests and WebSocket
 * handshakes alike). Throws `url-not-found` for a major this manager does not know.
 */
export function pathWithoutVersionPrefix(method: string, path: string): string {
  const match = /^\/v(\d+)(\/.+)$/.exec(path);
  if (!match) return path;
  if (!latestVersionOfMajor(Number(match[1]))) throw ManagerErrors.urlNotFound(method, path);
  return match[2]!;
}
