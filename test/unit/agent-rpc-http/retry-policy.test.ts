import { expect } from 'chai';
import { AGENT_RPC_METHODS } from '@tessera/core';
import { backoffMs, IDEMPOTENT_METHODS, MAX_BACKOFF_MS, mayRetry } from '@tessera/agent-rpc-http';

describe('agent-rpc-http: which calls are sent again', () => {
  it('treats every method but execute, interruptKernel, restartKernel and commit as idempotent', () => {
    expect([...IDEMPOTENT_METHODS].sort()).to.deep.equal(
      [
        'createKernels',
        'destroyKernel',
        'kernelLogs',
        'ping',
        'startService',
        'shutdownService',
        'complete',
        'uploadFiles',
        'listFiles',
        'downloadFiles',
        'getCommitStatus',
      ].sort(),
    );
    expect(AGENT_RPC_METHODS.filter((method) => !IDEMPOTENT_METHODS.has(method))).to.deep.equal([
      'execute',
      'interruptKernel',
      'restartKernel',
      'commit',
    ]);
  });

  it('retries every method when the request never left, and only idempotent ones when it may have arrived', () => {
    for (const method of AGENT_RPC_METHODS) {
      expect(mayRetry(method, { sent: false }), method).to.equal(true);
      expect(mayRetry(method, { sent: true }), method).to.equal(IDEMPOTENT_METHODS.has(method));
    }
  });

  it('backs off exponentially from 100 ms, never past 2 s, jittered down by at most half', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, () => 1))).to.deep.equal([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, () => 0))).to.deep.equal([50, 100, 200, 400]);
    expect(backoffMs(10, () => 1)).to.equal(MAX_BACKOFF_MS);
    expect(backoffMs(30, () => 0)).to.equal(MAX_BACKOFF_MS / 2);
  });
});
