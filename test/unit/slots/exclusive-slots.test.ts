import { expect } from 'chai';
import {
  checkExclusiveSlots,
  CUDA_EXCLUSIVE_SLOT_PATTERNS,
  matchesSlotPattern,
  ResourceSlot,
  SlotErrors,
} from '@tessera/core';
import { loadSlotFixture } from './slot-fixtures';

interface ExclusiveFixture {
  patterns: string[];
  cases: Array<{ name: string; request: Record<string, string>; conflict: [string, string] | null }>;
  patternMatches: Array<{ name: string; pattern: string; matches: boolean }>;
}

const fixture = loadSlotFixture<ExclusiveFixture>('exclusive');

describe('slots: exclusive combinations (fixtures/slots/exclusive.json)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: ${c.conflict ? 'refused' : 'accepted'}`, () => {
      const result = checkExclusiveSlots(c.request, fixture.patterns);
      if (c.conflict === null) {
        expect(result).to.deep.equal({ ok: true });
        return;
      }
      if (result.ok) expect.fail(`accepted ${JSON.stringify(c.request)}`);
      expect(result.slots).to.deep.equal(c.conflict);
      expect(result.reason).to.include(`"${c.conflict[0]}"`).and.to.include(`"${c.conflict[1]}"`);
      expect(checkExclusiveSlots(ResourceSlot.fromJSON(c.request), fixture.patterns)).to.deep.equal(result);
    });
  }

  for (const c of fixture.patternMatches) {
    it(`"${c.pattern}" ${c.matches ? 'matches' : 'does not match'} "${c.name}"`, () => {
      expect(matchesSlotPattern(c.name, c.pattern)).to.equal(c.matches);
    });
  }

  it('ships the CUDA plugin patterns', () => {
    const result = checkExclusiveSlots(
      { 'cuda.device': '1', 'cuda.shares': '1' },
      CUDA_EXCLUSIVE_SLOT_PATTERNS,
    );
    expect(result.ok).to.equal(false);
  });

  it('builds a 400 error naming both slots', () => {
    const error = SlotErrors.exclusiveCombination('cuda.device', 'cuda.device:1g.5gb-mig');
    expect(error.code).to.equal('invalid-resource-combination');
    expect(error.status).to.equal(400);
    expect(error.message).to.equal(
      'Resource slots "cuda.device" and "cuda.device:1g.5gb-mig" cannot be requested together',
    );
    expect(error.details).to.deep.equal({ slots: ['cuda.device', 'cuda.device:1g.5gb-mig'] });
  });
});
