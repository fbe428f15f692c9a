import type { KeypairRecord } from '@tessera/core';

/** What every resolver of one request sees (`@Ctx()`): who is asking (the signed keypair). */
export interface GraphQLContext {
  caller: KeypairRecord;
  /** Whether agent ids are shown to this caller (api/agent-visibility.ts). */
  seesAgents: boolean;
}
