import 'reflect-metadata';

export { default } from './plugin';
// Extension points: what feature plugins contribute to the manager.
export { ApiRoutes, type ApiRouteContribution, type ApiRouteKit } from './extension-points/api-routes';
export {
  GraphQLTypes,
  type GraphQLTypesContribution,
  type ResolverClass,
} from './extension-points/graphql-types';
export { EventListeners, listen, type EventListenerContribution } from './extension-points/event-listeners';
export { LeaderTimers, type LeaderTimerContribution } from './extension-points/leader-timers';
export {
  StreamRoutes,
  type StreamHandler,
  type StreamRequest,
  type StreamRouteContribution,
} from './extension-points/stream-routes';
// The permission table (one per manager) and the extension point plugins add their actions with.
export {
  ACCESS_ROLES,
  AccessPolicy,
  AccessRuleTables,
  roleOf,
  scopeCovers,
  type AccessRole,
  type AccessRule,
  type AccessRules,
  type AccessScope,
  type AccessTarget,
} from './access';
// What contributed routes and resolvers build on.
export type { ApiState, AuthenticatedState } from './api/api-state';
export type { GraphQLContext } from './api/graphql/graphql-context';
export { ManagerErrors } from './manager-errors';
export { MANAGER_STATUS_KEY } from './manager-status-key';
export { bodyValidator } from './api/body-validation';
export { requestParams } from './api/request-params';
export { resolveOwner } from './api/owner-access-key';
export { seesAgents } from './api/agent-visibility';
export {
  BigIntScalar,
  DateTimeScalar,
  JSONStringScalar,
  UUIDScalar,
  normalizeUuid,
} from './api/graphql/scalars';
export { MAX_PAGE_SIZE, checkPage } from './api/graphql/paging';
// The request signature check (table-tested on its own).
export { KEYPAIR_CACHE_MS, KeypairLookup, LAST_USED_INTERVAL_MS } from './api/auth/keypair-lookup';
export { parseRequestDate, type RequestDate } from './api/auth/request-date';
export { compileStreamPath, type StreamPathMatcher } from './api/stream-path';
export {
  verifySignedRequest,
  type SignedRequest,
  type Verification,
  type VerifierOptions,
} from './api/auth/request-verifier';
// The rate limit's parts (table-tested with an injected clock) and the API app itself, for tests
// that contribute routes without booting a kernel.
export {
  MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
} from './api/rate-limit/memory-rate-limit-store';
export { publicRateLimitHeaders, rateLimitMiddleware } from './api/rate-limit/rate-limit-middleware';
export {
  limitOf,
  RequestRateLimiter,
  type RateLimitOptions,
  type RateLimitVerdict,
} from './api/rate-limit/request-rate-limiter';
export { ManagerErrorCodes } from './manager-error-codes';
export { buildApiApp, type ApiAppDependencies } from './api/api-app';
export { gatedRoutes } from './api/router-gate';
export { AdminGraphQLSchema } from './admin-graphql-schema';
export { AdminGraphQL, type AdminGraphQLOptions } from './api/graphql/admin-graphql';
export { buildAdminSchema } from './api/graphql/admin-schema';
export { listOrder, refuseFilter, type ListOrder, type OrderArguments } from './api/graphql/list-order';
export { userSlots } from './api/graphql/slot-input';
// Background tasks with Backend.AI's bgtask_* progress events (image rescans, vfolder clones).
export { BackgroundTasks, type TaskProgress, type TaskResult } from './background-tasks';
