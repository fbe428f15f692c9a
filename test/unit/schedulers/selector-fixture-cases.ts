import { expect } from 'chai';
import type { AgentSelector } from '@tessera/core';
import { candidateFrom, loadSchedulingFixture, type CandidateFixture } from './scheduling-fixtures';
import { configDefaults } from './plugin-package';

interface SelectorCase {
  name: string;
  slotPriority?: string[];
  request: Record<string, string>;
  candidates: CandidateFixture[];
  expected: string | null;
}

/**
 * Runs `test/fixtures/scheduling/<fixture>.json` against a slot-comparing selector, built with
 * the case's slotPriority or else the default of the package's config schema.
 */
export function describeSelectorFixture(
  fixture: string,
  packageName: string,
  build: (slotPriority: string[]) => AgentSelector,
): void {
  describe(`${packageName} (test/fixtures/scheduling/${fixture}.json)`, () => {
    const { cases } = loadSchedulingFixture<{ cases: SelectorCase[] }>(fixture);
    const defaults = configDefaults(packageName) as { slotPriority: string[] };
    for (const testCase of cases) {
      it(testCase.name, () => {
        const selector = build(testCase.slotPriority ?? defaults.slotPriority);
        const result = selector.select(
          { kernelId: 'k-1', architecture: 'x86_64', slots: testCase.request },
          testCase.candidates.map(candidateFrom),
          undefined,
        );
        if (testCase.expected === null) expect(result.kind).to.equal('none');
        else expect(result).to.deep.equal({ kind: 'selected', agentId: testCase.expected });
      });
    }
  });
}
