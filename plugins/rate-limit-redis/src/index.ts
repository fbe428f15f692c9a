export { default } from './plugin';
export { RedisRateLimitStore } from './redis-rate-limit-store';
export { RATE_LIMIT_HIT_SCRIPT } from './rate-limit-script';
export { RateLimitRedisErrors } from './rate-limit-redis-errors';
export type { Config } from './config.generated';
