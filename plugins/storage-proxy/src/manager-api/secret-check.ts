import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { ProxyErrors } from '../proxy-errors';

export const AUTH_HEADER = 'x-backendai-storage-auth-token';

/**
 * Refuses (403 storage/forbidden) a request whose X-BackendAI-Storage-Auth-Token is missing or
 * differs from the secret. Both sides are hashed first so the comparison takes the same time
 * whatever the length or content of the header.
 */
export function requireSecret(secret: () => string): Middleware {
  return async (ctx, next) => {
    const sent = ctx.get(AUTH_HEADER);
    const expected = createHash('sha256').update(secret()).digest();
    const given = createHash('sha256').update(sent).digest();
    if (!sent || !timingSafeEqual(expected, given)) throw ProxyErrors.forbidden();
    await next();
  };
}
