import type { Database, KeypairRecord, Logger } from '@tessera/core';
import type { SchedulingExplainer } from '../../scheduling/scheduling-explainer';

/** What every resolver of one request sees: who is asking (the signed keypair). */
export interface GraphQLContext {
  caller: KeypairRecord;
  /** Whether agent ids are shown to this caller (api/agent-visibility.ts). */
  seesAgents: boolean;
}

/** The manager's services the resolvers are built with (one set per API app, no globals). */
export interface GraphQLServices {
  db: Database;
  explainer: SchedulingExplainer;
  log: Logger;
}
