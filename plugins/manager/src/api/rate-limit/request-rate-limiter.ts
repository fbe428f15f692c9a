import type { KeypairRecord, Logger, RateLimitStore } from '@tessera/core';
import { ManagerErrors } from '../../manager-errors';

export interface RateLimitOptions {
  store: RateLimitStore;
  /** The rolling window (upstream: 15 minutes). */
  windowMs: number;
  /** The limit of a keypair whose `rate_limit` is 0 (not set). */
  defaultLimit: number;
  now: () => Date;
  log: Logger;
}

/** What one counted request leaves: the `X-RateLimit-*` values, and whether it is over the limit. */
export interface RateLimitVerdict {
  limit: number;
  remaining: number;
  windowSeconds: number;
  exceeded: boolean;
}

/** A keypair's requests per window: its `rate_limit`, or the default when that is not set. */
export function limitOf(keypair: KeypairRecord, defaultLimit: number): number {
  return keypair.rateLimit > 0 ? keypair.rateLimit : defaultLimit;
}

/**
 * Upstream's rolling-window rate limit per access key (api-spec §2.7), for REST requests and
 * WebSocket handshakes alike: every authenticated request is counted in the store, refused ones
 * too; one past the keypair's limit is over. A store that cannot answer (Redis down) does not stop
 * the API: the request is let through uncounted and a warning is logged.
 */
export class RequestRateLimiter {
  readonly windowSeconds: number;

  constructor(private readonly options: RateLimitOptions) {
    this.windowSeconds = Math.round(options.windowMs / 1000);
  }

  async count(keypair: KeypairRecord): Promise<RateLimitVerdict> {
    const limit = limitOf(keypair, this.options.defaultLimit);
    let count: number;
    try {
      count = await this.options.store.hit(
        keypair.accessKey,
        this.options.now().getTime(),
        this.options.windowMs,
      );
    } catch (error) {
      this.options.log.warn('rate limit store unavailable; request let through uncounted', {
        accessKey: keypair.accessKey,
        error: error instanceof Error ? error.message : String(error),
      });
      count = 0;
    }
    return {
      limit,
      remaining: Math.max(0, limit - count),
      windowSeconds: this.windowSeconds,
      exceeded: count > limit,
    };
  }

  /** Counts the request and throws 429 `rate-limit-exceeded` when it is over the limit. */
  async admit(keypair: KeypairRecord): Promise<RateLimitVerdict> {
    const verdict = await this.count(keypair);
    if (verdict.exceeded) throw ManagerErrors.rateLimitExceeded(verdict.limit, verdict.windowSeconds);
    return verdict;
  }
}
