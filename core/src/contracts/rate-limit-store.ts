import { contractToken } from './token';

/**
 * rate-limit-store/v1: the request counter behind the manager's per-access-key rate limit
 * (Backend.AI's rolling window, api-spec §2.7). The manager calls `hit` once for every
 * authenticated request, before the route runs, and compares the answer with the keypair's
 * `rate_limit`. The manager keeps an in-process store when no plugin provides one; a cluster's
 * managers share one (`@tessera/rate-limit-redis`) so they count together.
 *
 * `hit` records one request of `key` at `nowMs` (milliseconds since the epoch, the caller's clock)
 * and resolves to the number of requests of `key` in the rolling window `(nowMs - windowMs, nowMs]`,
 * this one included. It is atomic: concurrent hits on one key each count once and see distinct
 * totals. Every hit counts, refused ones too (as upstream). Entries older than the window are
 * forgotten by the store itself; it must not grow without bound. It is not idempotent: a retried
 * hit counts twice. A store that cannot answer rejects; the caller decides what that means.
 */
export interface RateLimitStore {
  hit(key: string, nowMs: number, windowMs: number): Promise<number>;
}
export const RateLimitStore = contractToken<RateLimitStore>('rate-limit-store');
