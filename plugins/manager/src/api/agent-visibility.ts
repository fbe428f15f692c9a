import type { KeypairRecord } from '@tessera/core';

/**
 * Whether the caller may see agent ids (of kernels, in scheduling explanations): Backend.AI's
 * `[manager] hide-agents`, on by default, shows them to superadmins only.
 */
export function seesAgents(caller: KeypairRecord, hideAgents: boolean): boolean {
  return !hideAgents || caller.userRole === 'superadmin';
}
