import { expect } from 'chai';
import { LifoScheduler } from '@tessera/scheduler-lifo';
import { loadSchedulingFixture, queueFrom, type QueuedSession } from './scheduling-fixtures';

interface LifoCase {
  name: string;
  pending: QueuedSession[];
  expected: string | null;
}

describe('scheduler-lifo (test/fixtures/scheduling/lifo.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: LifoCase[] }>('lifo');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const result = new LifoScheduler().pickSession({
        resourceGroup: 'default',
        pending: queueFrom(testCase.pending),
        existing: [],
        totalCapacity: {},
      });
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else expect(result).to.deep.equal({ kind: 'picked', sessionId: testCase.expected });
    });
  }
});
