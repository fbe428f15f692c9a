import { expect } from 'chai';
import { KernelFiles } from '@tessera/agent';
import type { AgentBackend } from '@tessera/core';

describe('agent: session files on a backend without them', () => {
  it('answers not-supported (501), naming the backend and what was asked', async () => {
    const bare = { name: 'bare' } as AgentBackend;
    const files = new KernelFiles(bare);
    for (const action of [
      () => files.upload('k', [{ path: 'a', content: '' }]),
      () => files.list('k', ''),
      () => files.download('k', ['a']),
    ]) {
      let error: { code?: string; status?: number; message?: string } = {};
      try {
        await action();
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.code).to.equal('not-supported');
      expect(error.status).to.equal(501);
      expect(error.message).to.match(/agent backend "bare" does not support/);
    }
  });
});
