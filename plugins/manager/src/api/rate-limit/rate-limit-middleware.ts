import type { Middleware } from 'koa';
import { ManagerErrors } from '../../manager-errors';
import type { ApiState } from '../api-state';
import type { RequestRateLimiter } from './request-rate-limiter';

/** What upstream shows on answers to unauthenticated requests, which it does not count. */
const PUBLIC_LIMIT = 1000;

/**
 * The rate limit on REST requests, behind the signature check (`ctx.state.keypair` is set): the
 * request is counted, the `X-RateLimit-Limit`, `-Remaining` and `-Window` headers are set before
 * the route runs (so its answer carries them whether it succeeds or fails), and a request past
 * the limit is refused with 429 `rate-limit-exceeded` before its route runs.
 */
export function rateLimitMiddleware(limiter: RequestRateLimiter): Middleware<ApiState> {
  return async (ctx, next) => {
    const keypair = ctx.state.keypair;
    if (!keypair) throw new Error('the rate limit runs behind the signature check');
    const verdict = await limiter.count(keypair);
    ctx.set('X-RateLimit-Limit', String(verdict.limit));
    ctx.set('X-RateLimit-Remaining', String(verdict.remaining));
    ctx.set('X-RateLimit-Window', String(verdict.windowSeconds));
    if (verdict.exceeded) throw ManagerErrors.rateLimitExceeded(verdict.limit, verdict.windowSeconds);
    await next();
  };
}

/**
 * Answers that no keypair was counted for (public routes, refused signatures) carry upstream's
 * fixed headers: limit and remaining 1000, and the window.
 */
export function publicRateLimitHeaders(windowMs: number): Middleware<ApiState> {
  const windowSeconds = String(Math.round(windowMs / 1000));
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!ctx.response.get('X-RateLimit-Limit')) {
        ctx.set('X-RateLimit-Limit', String(PUBLIC_LIMIT));
        ctx.set('X-RateLimit-Remaining', String(PUBLIC_LIMIT));
        ctx.set('X-RateLimit-Window', windowSeconds);
      }
    }
  };
}
