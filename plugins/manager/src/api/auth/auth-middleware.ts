import type { Middleware } from 'koa';
import type { KeypairRepository, Logger } from '@tessera/core';
import type { ApiState } from '../api-state';
import { verifySignedRequest } from './request-verifier';

export interface AuthMiddlewareOptions {
  keypairs: KeypairRepository;
  log: Logger;
  maxClockSkewMs: number;
  now?: () => Date;
}

/**
 * Refuses requests that are not correctly signed with an active keypair; on success puts the
 * keypair and API version on `ctx.state`. Never logs secrets or signatures.
 */
export function authMiddleware(options: AuthMiddlewareOptions): Middleware<ApiState> {
  const now = options.now ?? (() => new Date());
  return async (ctx, next) => {
    const result = await verifySignedRequest(
      {
        method: ctx.method,
        pathWithQuery: ctx.originalUrl,
        header: (name) => {
          const value = ctx.headers[name];
          return Array.isArray(value) ? value[0] : value;
        },
      },
      {
        findKeypair: (accessKey) => options.keypairs.findByAccessKey(accessKey),
        now,
        maxClockSkewMs: options.maxClockSkewMs,
      },
    );
    if (!result.ok) {
      options.log.info('request refused by authentication', {
        method: ctx.method,
        path: ctx.path,
        accessKey: result.accessKey,
        reason: result.reason,
      });
      throw result.error;
    }
    ctx.state.keypair = result.keypair;
    ctx.state.apiVersion = result.version;
    await options.keypairs.touchLastUsed(result.keypair.accessKey, now());
    await next();
  };
}
