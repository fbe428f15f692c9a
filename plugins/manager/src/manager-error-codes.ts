import { defineErrorCodes } from '@tessera/core';

/** The codes only the manager host raises (the request-level ones it shares live in the core's table). */
export const ManagerErrorCodes = defineErrorCodes('@tessera/manager', {
  /** Upstream's RateLimitExceeded. */
  'rate-limit-exceeded': { status: 429, problem: 'rate-limit-exceeded' },
  /** The manager status is `frozen` for maintenance (upstream's ServerFrozen). */
  'server-frozen': { status: 503, problem: 'server-frozen' },
});
