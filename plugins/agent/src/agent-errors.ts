import { defineErrorCodes, type TesseraError } from '@tessera/core';

/** Error codes the agent owns. */
export const AgentErrorCodes = defineErrorCodes('@tessera/agent', {
  /** The agent's backend cannot do what was asked (session files on a backend without them). */
  'not-supported': { status: 501, problem: 'not-implemented' },
});

export const AgentErrors = {
  notSupported(backend: string, operation: string): TesseraError {
    return AgentErrorCodes.error(
      'not-supported',
      `The agent backend "${backend}" does not support ${operation}`,
      { backend, operation },
    );
  },
};
