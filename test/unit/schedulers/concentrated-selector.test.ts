import { expect } from 'chai';
import { ConcentratedSelector, orderSlotsByPriority } from '@tessera/agent-selector-concentrated';
import { agentRecord, loadSchedulingFixture } from './scheduling-fixtures';

interface ConcentratedCase {
  name: string;
  slotPriority?: string[];
  request: Record<string, string>;
  candidates: Array<{ id: string; remaining: Record<string, string> }>;
  expected: string | null;
}

const DEFAULT_PRIORITY = ['cuda', 'rocm', 'tpu', 'cpu', 'mem'];

describe('agent-selector-concentrated (test/fixtures/scheduling/concentrated.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: ConcentratedCase[] }>('concentrated');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const selector = new ConcentratedSelector({ slotPriority: testCase.slotPriority ?? DEFAULT_PRIORITY });
      const candidates = testCase.candidates.map((c) => ({
        agent: agentRecord({ id: c.id, availableSlots: c.remaining }),
        remaining: c.remaining,
      }));
      const result = selector.select(
        { kernelId: 'k-1', architecture: 'x86_64', slots: testCase.request },
        candidates,
      );
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else expect(result).to.deep.equal({ kind: 'selected', agentId: testCase.expected });
    });
  }

  it('orders slots by priority with device sub-slots under their device, others by name after', () => {
    expect(
      orderSlotsByPriority(
        ['mem', 'zeta.device', 'cuda.shares', 'cpu', 'cuda.device', 'alpha.device'],
        DEFAULT_PRIORITY,
      ),
    ).to.deep.equal(['cuda.device', 'cuda.shares', 'cpu', 'mem', 'alpha.device', 'zeta.device']);
  });
});
