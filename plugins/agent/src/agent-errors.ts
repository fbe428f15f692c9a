import { defineErrorCodes, type TesseraError } from '@tessera/core';

/** Error codes the agent owns. */
export const AgentErrorCodes = defineErrorCodes('@tessera/agent', {
  /** The agent's backend cannot do what was asked (session files on a backend without them). */
  'not-supported': { status: 501, problem: 'not-implemented' },
  /** A commit asked of a backend whose kernels are no containers (the process backend). */
  'commit-not-supported': { status: 400, problem: 'generic-bad-request' },
  /** A commit asked while another commit of the same kernel runs. */
  'commit-in-progress': { status: 409, problem: 'generic-bad-request' },
});

export const AgentErrors = {
  notSupported(backend: string, operation: string): TesseraError {
    return AgentErrorCodes.error(
      'not-supported',
      `The agent backend "${backend}" does not support ${operation}`,
      { backend, operation },
    );
  },
  commitNotSupported(backend: string): TesseraError {
    return AgentErrorCodes.error(
      'commit-not-supported',
      `the ${backend} backend cannot commit a kernel: only container backends can`,
      { backend },
    );
  },
  commitInProgress(kernelId: string): TesseraError {
    return AgentErrorCodes.error(
      'commit-in-progress',
      'The kernel is already being committed; wait until its commit status is no longer "ongoing"',
      { kernelId },
    );
  },
};
