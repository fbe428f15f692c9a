import { defineErrorCodes } from '@tessera/core';

/**
 * The codes this transport raises on the calling side. Refusals by the serving side's transport
 * (bad signature, body too large, unknown method) reach the caller as `agent-rpc-refused`, with
 * the serving side's own code and HTTP status in the details: they are faults of the cluster's
 * set-up, not of the caller's request, hence 502 like every failure to talk to an agent.
 */
export const AgentRpcHttpErrors = defineErrorCodes('@tessera/agent-rpc-http', {
  'agent-rpc-refused': { status: 502, problem: 'agent-error' },
});
