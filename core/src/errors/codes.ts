/**
 * Every stable error code of the core, in one table: the HTTP status it maps to and the
 * Backend.AI problem type slug (`https://api.backend.ai/probs/<slug>`) clients already know. Codes
 * are kebab-case and never reused for another meaning. Codes only one plugin raises live in that
 * plugin's own table (`defineErrorCodes`), e.g. `quota-exceeded` in @tessera/manager-sessions.
 */
export const ERROR_CODES = {
  // request and auth
  'generic-bad-request': { status: 400, problem: 'generic-bad-request' },
  'invalid-api-params': { status: 400, problem: 'invalid-api-params' },
  'invalid-auth-params': { status: 400, problem: 'invalid-auth-params' },
  'unsupported-api-version': { status: 400, problem: 'invalid-api-params' },
  'auth-failed': { status: 401, problem: 'auth-failed' },
  forbidden: { status: 403, problem: 'forbidden' },
  'object-not-found': { status: 404, problem: 'object-not-found' },
  /** A create or rename would duplicate a unique name (e-mail, project in a domain, ...). */
  'object-already-exists': { status: 409, problem: 'generic-bad-request' },
  /** A purge or delete refused while other rows still refer to the object. */
  'object-in-use': { status: 409, problem: 'generic-bad-request' },
  'session-not-found': { status: 404, problem: 'session-not-found' },
  'image-not-found': { status: 404, problem: 'image-not-found' },
  'url-not-found': { status: 404, problem: 'url-not-found' },
  'too-many-requests': { status: 429, problem: 'too-many-requests' },
  /** A GraphQL query on the legacy `/admin/graphql` failed; the errors travel in `data`. */
  'graphql-error': { status: 400, problem: 'graphql-error' },
  // resources
  'invalid-resource-amount': { status: 400, problem: 'invalid-api-params' },
  'invalid-resource-slot': { status: 400, problem: 'invalid-api-params' },
  'unknown-resource-slot': { status: 400, problem: 'invalid-api-params' },
  'invalid-resource-combination': { status: 400, problem: 'invalid-api-params' },
  // agent-side allocation maps (core/src/allocation); Backend.AI's agent problem types
  'resource-error': { status: 400, problem: 'agent/resource-error' },
  'insufficient-resource': { status: 400, problem: 'agent/insufficient-resource' },
  'fractional-resource-fragmented': { status: 400, problem: 'agent/fractional-resource-fragmented' },
  'invalid-resource-argument': { status: 400, problem: 'agent/invalid-resource-argument' },
  'not-multiple-of-quantum': { status: 400, problem: 'agent/not-multiple-of-quantum' },
  // session lifecycle
  'session-start-failed': { status: 500, problem: 'session-start-failed' },
  'session-start-timeout': { status: 504, problem: 'session-start-timeout' },
  'kernel-not-running': { status: 409, problem: 'kernel-not-running' },
  'agent-unreachable': { status: 502, problem: 'agent-error' },
  // kernel and plugins (start-up; they never reach HTTP clients)
  'manifest-not-found': { status: 500, problem: 'internal-server-error' },
  'manifest-syntax': { status: 500, problem: 'internal-server-error' },
  'manifest-invalid': { status: 500, problem: 'internal-server-error' },
  'plugin-not-installed': { status: 500, problem: 'internal-server-error' },
  'plugin-manifest-invalid': { status: 500, problem: 'internal-server-error' },
  'plugin-contract-unsupported': { status: 500, problem: 'internal-server-error' },
  'plugin-core-incompatible': { status: 500, problem: 'internal-server-error' },
  'plugin-config-invalid': { status: 500, problem: 'internal-server-error' },
  'plugin-dependency-missing': { status: 500, problem: 'internal-server-error' },
  'plugin-dependency-cycle': { status: 500, problem: 'internal-server-error' },
  'plugin-role-mismatch': { status: 500, problem: 'internal-server-error' },
  'plugin-duplicate': { status: 500, problem: 'internal-server-error' },
  'plugin-failed': { status: 500, problem: 'internal-server-error' },
  'plugin-timeout': { status: 500, problem: 'internal-server-error' },
  'plugin-not-registered': { status: 500, problem: 'internal-server-error' },
  'start-failed': { status: 500, problem: 'internal-server-error' },
  'config-invalid': { status: 500, problem: 'internal-server-error' },
  'database-unavailable': { status: 503, problem: 'service-unavailable' },
  'fixture-invalid': { status: 400, problem: 'invalid-api-params' },
  'config-store-unavailable': { status: 503, problem: 'service-unavailable' },
  'event-bus-unavailable': { status: 503, problem: 'service-unavailable' },
  'lock-unavailable': { status: 503, problem: 'service-unavailable' },
  'internal-error': { status: 500, problem: 'internal-server-error' },
} as const satisfies Record<string, { status: number; problem: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const PROBLEM_TYPE_PREFIX = 'https://api.backend.ai/probs/';
