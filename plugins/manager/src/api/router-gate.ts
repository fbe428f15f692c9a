import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { ApiState } from './api-state';

/** Characters that make a path segment a pattern rather than a literal, in path-to-regexp's syntax. */
const PATTERN = /[:*?+(){}[\]\\]/;

/**
 * The router's middleware, behind a gate that lets a request by (to the next middleware) without
 * testing the router's routes one by one when no route of the router starts with the request's
 * first path segment: a request passes through every contributed router mounted before the one
 * that answers it, and each tests every route it has. Only routes (layers with methods) count, as
 * @koa/router itself runs a router's `use` middleware only for a request one of its routes
 * matches. A router with a route whose first segment is a pattern (or a RegExp or relative path)
 * is not gated. Segments compare without case, as its routes match.
 */
export function gatedRoutes(router: Router<ApiState>): Middleware<ApiState> {
  const routes = router.routes() as Middleware<ApiState>;
  const segments = new Set<string>();
  for (const layer of router.stack) {
    if (layer.methods.length === 0) continue;
    if (typeof layer.path !== 'string' || !layer.path.startsWith('/')) return routes;
    const segment = firstSegment(layer.path);
    if (PATTERN.test(segment)) return routes;
    segments.add(segment);
  }
  return (ctx, next) => (segments.has(firstSegment(ctx.path)) ? routes(ctx, next) : next());
}

/** `session` of `/session/abc`, lowercased; the empty string for `/`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}
