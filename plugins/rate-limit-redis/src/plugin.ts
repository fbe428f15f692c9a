import { configType, definePlugin, RateLimitStore } from '@tessera/core';
import type { Config } from './config.generated';
import { RateLimitRedisErrors } from './rate-limit-redis-errors';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/** `@tessera/rate-limit-redis`: provides `rate-limit-store` to the manager (see RedisRateLimitStore). */
export default definePlugin({
  config: configType<Config>(),
  errorCodes: [RateLimitRedisErrors.codes],
  async init(ctx) {
    const store = new RedisRateLimitStore(ctx.config, ctx.log);
    await store.connect();
    ctx.provide(RateLimitStore, store);
    return store;
  },
  async stop(store) {
    await store.close();
  },
});
