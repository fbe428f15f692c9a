import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import type { KeypairRepository, Logger } from '@tessera/core';
import type { ApiState, AuthenticatedState } from '../api-state';
import { KeypairLookup } from './keypair-lookup';
import { verifySignedRequest, type SignedRequest } from './request-verifier';

export interface AuthMiddlewareOptions {
  keypairs: KeypairRepository;
  log: Logger;
  maxClockSkewMs: number;
  now?: () => Date;
}

/**
 * Checks one incoming request's signature; throws the refusal's TesseraError. `originalUrl` is the
 * path and query as the client sent them, when `request.url` may since have been rewritten (Koa
 * rewrites it when the `/v<major>` prefix is stripped).
 */
export type RequestAuthenticator = (
  request: IncomingMessage,
  originalUrl?: string,
) => Promise<AuthenticatedState>;

/**
 * The one signature check of the API, for REST requests (through `authMiddleware`) and WebSocket
 * handshakes alike: verifies the request as the client sent it (path and query undecoded, the
 * original URL even when a `/v<major>` prefix is stripped later), logs refusals without secrets
 * or signatures, and records the keypair's last use (at most once a minute, see KeypairLookup).
 */
export function requestAuthenticator(options: AuthMiddlewareOptions): RequestAuthenticator {
  const now = options.now ?? (() => new Date());
  const keypairs = new KeypairLookup(options.keypairs, now);
  return async (request, originalUrl = request.url ?? '/') => {
    const result = await verifySignedRequest(signedRequestOf(request, originalUrl), {
      findKeypair: (accessKey) => keypairs.find(accessKey),
      now,
      maxClockSkewMs: options.maxClockSkewMs,
    });
    if (!result.ok) {
      options.log.info('request refused by authentication', {
        method: request.method,
        path: pathOf(originalUrl),
        accessKey: result.accessKey,
        reason: result.reason,
      });
      throw result.error;
    }
    await keypairs.touch(result.keypair.accessKey);
    return { keypair: result.keypair, apiVersion: result.version };
  };
}

/**
 * Refuses requests that are not correctly signed with an active keypair; on success puts the
 * keypair and API version on `ctx.state`.
 */
export function authMiddleware(options: AuthMiddlewareOptions): Middleware<ApiState> {
  const authenticate = requestAuthenticator(options);
  return async (ctx, next) => {
    const { keypair, apiVersion } = await authenticate(ctx.req, ctx.originalUrl);
    ctx.state.keypair = keypair;
    ctx.state.apiVersion = apiVersion;
    await next();
  };
}

function signedRequestOf(request: IncomingMessage, pathWithQuery: string): SignedRequest {
  return {
    method: request.method ?? 'GET',
    pathWithQuery,
    header: (name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
  };
}

/** The path without the query, which may carry tokens that do not belong in logs. */
function pathOf(url: string): string {
  return url.split('?')[0]!;
}
