import { createExtensionPoint } from '@tessera/core';
import type { AccessRules } from './access-policy';

/**
 * `manager/access-rules`: the actions a feature plugin performs and who may perform them. The
 * manager merges every contribution into its one AccessPolicy when it initialises (an action
 * defined twice fails the start) and hands it to routes (`kit.access`) and resolvers
 * (`context.access`), which call `authorize(caller, action, target)` before they read or write.
 */
export const AccessRuleTables = createExtensionPoint<AccessRules>('manager/access-rules');
