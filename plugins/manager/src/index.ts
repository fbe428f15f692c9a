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
// What contributed routes and resolvers build on.
export type { ApiState, AuthenticatedState } from './api/api-state';
export type { GraphQLContext } from './api/graphql/graphql-context';
export { ManagerErrors } from './manager-errors';
export { MANAGER_STATUS_KEY } from './manager-status-key';
export { bodyValidator } from './api/body-validation';
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
export { parseRequestDate, type RequestDate } from './api/auth/request-date';
export { compileStreamPath, type StreamPathMatcher } from './api/stream-path';
export {
  verifySignedRequest,
  type SignedRequest,
  type Verification,
  type VerifierOptions,
} from './api/auth/request-verifier';
