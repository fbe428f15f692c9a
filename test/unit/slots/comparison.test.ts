import { expect } from 'chai';
import { compareSlots, ResourceSlot, type SlotComparison } from '@tessera/core';
import { loadSlotFixture } from './slot-fixtures';

interface ComparisonCase {
  name: string;
  a: Record<string, string>;
  b: Record<string, string>;
  expected: SlotComparison;
}

const { cases } = loadSlotFixture<{ cases: ComparisonCase[] }>('comparison');

const MIRROR: Record<SlotComparison, SlotComparison> = {
  less: 'greater',
  greater: 'less',
  equal: 'equal',
  incomparable: 'incomparable',
};

describe('slots: partial order (fixtures/slots/comparison.json)', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.expected}`, () => {
      const a = ResourceSlot.fromJSON(c.a);
      const b = ResourceSlot.fromJSON(c.b);
      expect(compareSlots(c.a, c.b)).to.equal(c.expected);
      expect(a.compare(b)).to.equal(c.expected);
      expect(ResourceSlot.compare(b, a)).to.equal(MIRROR[c.expected]);
      expect(a.lte(b), 'a <= b').to.equal(c.expected === 'less' || c.expected === 'equal');
      expect(a.lt(b), 'a < b').to.equal(c.expected === 'less');
      expect(a.gte(b), 'a >= b').to.equal(c.expected === 'greater' || c.expected === 'equal');
      expect(a.gt(b), 'a > b').to.equal(c.expected === 'greater');
      expect(a.equals(b), 'a == b').to.equal(c.expected === 'equal');
    });
  }

  it('fitsIn checks only the requested slots and shortfall says by how much', () => {
    const request = ResourceSlot.fromJSON({ cpu: '4', mem: '1024' });
    const capacity = ResourceSlot.fromJSON({ cpu: '2.5', mem: '4096', 'cuda.shares': '-1' });
    expect(request.fitsIn(capacity)).to.equal(false);
    expect(request.shortfall(capacity)).to.deep.equal({ cpu: '1.5' });
    expect(ResourceSlot.fromJSON({ cpu: '2' }).fitsIn(capacity)).to.equal(true);
  });
});
