import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger, RateLimitStore } from '@tessera/core';
import type { Config } from './config.generated';
import { RateLimitRedisErrors } from './rate-limit-redis-errors';
import { RATE_LIMIT_HIT_SCRIPT } from './rate-limit-script';

const COMMAND = 'tesseraRateLimitHit';

type HitCommand = (key: string, now: string, window: string, member: string) => Promise<number>;

/** Reconnect after 50 ms, doubling up to 2 s, and never give up. */
function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 2000);
}

/**
 * rate-limit-store on Redis: one sorted set per access key (`<keyPrefix><access key>`), updated
 * by RATE_LIMIT_HIT_SCRIPT (EVALSHA, loaded again by ioredis when Redis forgot it). Members are
 * `<ms>:<store id>:<sequence>`, unique across every manager sharing the Redis without a shared
 * counter. While Redis is unreachable a hit fails at once (no offline queue), as does one that
 * takes longer than `commandTimeoutMs`: the manager then lets the request through and says so.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private readonly id = randomUUID().slice(0, 8);
  private sequence = 0;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(config.url, {
      db: config.db,
      ...(config.password !== undefined ? { password: config.password } : {}),
      lazyConnect: true,
      retryStrategy: reconnectDelay,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.commandTimeoutMs,
      connectionName: 'tessera-rate-limit',
    });
    this.redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: RATE_LIMIT_HIT_SCRIPT });
    // ioredis reports connection errors as events; reconnecting is its job, logging is ours.
    this.redis.on('error', (error: Error) =>
      this.log.warn('rate limit redis connection error', { redis: this.address(), error: error.message }),
    );
  }

  /** Connects and checks that Redis answers; throws `rate-limit-store-unavailable` when it does not. */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
      await this.redis.ping();
    } catch (error) {
      this.redis.disconnect();
      throw RateLimitRedisErrors.unreachable(this.address(), error);
    }
    this.log.info('rate limit store connected', {
      redis: this.address(),
      db: this.redis.options.db,
      keyPrefix: this.config.keyPrefix,
    });
  }

  async hit(key: string, nowMs: number, windowMs: number): Promise<number> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    const member = `${nowMs}:${this.id}:${this.sequence}`;
    const command = (this.redis as unknown as Record<string, HitCommand>)[COMMAND]!;
    const count = await command.call(
      this.redis,
      this.config.keyPrefix + key,
      String(Math.floor(nowMs)),
      String(Math.ceil(windowMs)),
      member,
    );
    return Number(count);
  }

  /** QUIT after the hits in flight, or drop the socket when Redis does not answer in 2 s. */
  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await Promise.race([
        this.redis.quit().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    }
    this.redis.disconnect();
  }

  /** `host:port`, for messages (never the URL: it may carry a password). */
  private address(): string {
    return `${this.redis.options.host ?? 'localhost'}:${this.redis.options.port ?? 6379}`;
  }
}
