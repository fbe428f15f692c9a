import { expect } from 'chai';
import { FifoScheduler } from '@tessera/scheduler-fifo';
import { loadSchedulingFixture, pendingSession } from './scheduling-fixtures';

interface FifoCase {
  name: string;
  numRetriesToSkip: number;
  pending: Array<{ id: string; createdAt: string; retries?: number }>;
  expected: string | null;
}

describe('scheduler-fifo (test/fixtures/scheduling/fifo.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: FifoCase[] }>('fifo');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const scheduler = new FifoScheduler({ numRetriesToSkip: testCase.numRetriesToSkip });
      const pending = testCase.pending.map((p) =>
        pendingSession({
          id: p.id,
          createdAt: new Date(p.createdAt),
          ...(p.retries !== undefined
            ? { statusInfo: 'no-available-instances', statusData: { scheduler: { retries: p.retries } } }
            : {}),
        }),
      );
      const result = scheduler.pickSession({
        resourceGroup: 'default',
        pending,
        existing: [],
        totalCapacity: {},
      });
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else expect(result).to.deep.equal({ kind: 'picked', sessionId: testCase.expected });
    });
  }
});
