import { defineErrorCodes, type TesseraError } from '@tessera/core';

const Codes = defineErrorCodes('@tessera/rate-limit-redis', {
  'rate-limit-store-unavailable': { status: 503, problem: 'service-unavailable' },
});

export const RateLimitRedisErrors = {
  codes: Codes,
  unreachable(address: string, cause: unknown): TesseraError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return Codes.error(
      'rate-limit-store-unavailable',
      `the rate limit Redis at ${address} does not answer (${reason}); check the plugin's url and that Redis runs`,
      { redis: address },
      {},
      { cause },
    );
  },
};
