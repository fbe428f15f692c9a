import type { KeypairRecord } from '@tessera/core';
import type { AccessPolicy, AccessScope, AccessTarget } from '@tessera/manager';

/**
 * The check before a lookup: a role without the action is refused at once, and a role that
 * reaches only itself is checked against what the arguments name, so nobody learns whether
 * another account exists. The full check, with the row's domain and owner, follows the lookup.
 */
export function checkBeforeLookup(
  access: AccessPolicy,
  caller: KeypairRecord,
  action: string,
  named: AccessTarget,
): AccessScope {
  const scope = access.scopeOf(caller, action);
  if (scope === null || scope === 'self') access.authorize(caller, action, named);
  return scope ?? 'self';
}
