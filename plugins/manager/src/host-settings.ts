import type { GraphQLSchema } from 'graphql';
import { contractToken, type RateLimitStore } from '@tessera/core';
import type { AccessPolicy } from './access/access-policy';
import type { Config } from './config.generated';
import type { ApiRouteContribution } from './extension-points/api-routes';
import type { EventListenerContribution } from './extension-points/event-listeners';
import type { GraphQLTypesContribution } from './extension-points/graphql-types';
import type { LeaderTimerContribution } from './extension-points/leader-timers';
import type { StreamRouteContribution } from './extension-points/stream-routes';

/** The manager's config and version, as its classes are given them (registered in `init`). */
export interface HostSettings {
  readonly config: Config;
  readonly managerVersion: string;
}
export const HostSettings = contractToken<HostSettings>('manager.host-settings');

/** What the feature plugins contributed, each list in contribution order (read once, in `init`). */
export interface HostContributions {
  readonly routes: readonly ApiRouteContribution[];
  readonly graphqlTypes: readonly GraphQLTypesContribution[];
  /** The schema built from `graphqlTypes` (once, in `init`). */
  readonly adminSchema: GraphQLSchema | null;
  readonly listeners: readonly EventListenerContribution[];
  readonly timers: readonly LeaderTimerContribution[];
  readonly streams: readonly StreamRouteContribution[];
}
export const HostContributions = contractToken<HostContributions>('manager.host-contributions');

/** The permission table built from every `manager/access-rules` contribution (in `init`). */
export const HostAccessPolicy = contractToken<AccessPolicy>('manager.access-policy');

/**
 * Where the API counts requests for the rate limit: the deployment's `rate-limit-store` when a
 * plugin provides one (Redis, shared by the cluster's managers), else the host's in-process store.
 */
export const HostRateLimitStore = contractToken<RateLimitStore>('manager.rate-limit-store');

/** Whether the cluster's manager status is `frozen` (the config store's MANAGER_STATUS_KEY). */
export interface HostManagerStatus {
  isFrozen(): Promise<boolean>;
}
export const HostManagerStatus = contractToken<HostManagerStatus>('manager.host-manager-status');
