import { expect } from 'chai';
import { FifoScheduler } from '@tessera/scheduler-fifo';
import { loadSchedulingFixture, queueFrom, type QueuedSession } from './scheduling-fixtures';
import { configDefaults } from './plugin-package';

interface QueueCase {
  name: string;
  numRetriesToSkip?: number;
  /** The resource group's `scheduler_opts.config`. */
  groupConfig?: Record<string, unknown>;
  pending: QueuedSession[];
  expected: string | null;
}

describe('scheduler-fifo (test/fixtures/scheduling/fifo.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: QueueCase[] }>('fifo');
  const defaults = configDefaults('@tessera/scheduler-fifo') as { numRetriesToSkip: number };
  for (const testCase of cases) {
    it(testCase.name, () => {
      const scheduler = new FifoScheduler({
        numRetriesToSkip: testCase.numRetriesToSkip ?? defaults.numRetriesToSkip,
      });
      const result = scheduler.pickSession({
        resourceGroup: 'default',
        pending: queueFrom(testCase.pending),
        existing: [],
        totalCapacity: {},
        ...(testCase.groupConfig ? { groupConfig: testCase.groupConfig } : {}),
      });
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else expect(result).to.deep.equal({ kind: 'picked', sessionId: testCase.expected });
    });
  }
});
