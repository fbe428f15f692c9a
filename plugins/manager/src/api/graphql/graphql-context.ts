import type { KeypairRecord } from '@tessera/core';
import type { AccessPolicy } from '../../access/access-policy';

/** What every resolver of one request sees (`@Ctx()`): who is asking (the signed keypair). */
export interface GraphQLContext {
  caller: KeypairRecord;
  /** Whether agent ids are shown to this caller (api/agent-visibility.ts). */
  seesAgents: boolean;
  /** The manager's permission table: `access.authorize(caller, action, target)` before reading or writing. */
  access: AccessPolicy;
}
