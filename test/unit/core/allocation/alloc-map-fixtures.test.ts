import { expect } from 'chai';
import { type DeviceAllocation, type FractionAllocateOptions } from '@tessera/core';
import {
  type Expectation,
  type MapSpec,
  buildMap,
  expectOutcome,
  loadAllocationFixture,
} from './allocation-fixtures';

interface SingleCase extends MapSpec {
  name: string;
  prior?: DeviceAllocation;
  request: Record<string, string>;
  options?: FractionAllocateOptions;
  expect: Expectation;
  after?: DeviceAllocation;
}

/** Cases whose expected values were recorded by running upstream's alloc_map.py on the same input. */
for (const file of ['discrete', 'fraction', 'fragmentation', 'exclusive-unique']) {
  const fixture = loadAllocationFixture<{ description: string; cases: SingleCase[] }>(file);
  describe(`allocation maps: ${file} (${fixture.description.split('.')[0]})`, () => {
    for (const testCase of fixture.cases) {
      it(testCase.name, () => {
        const map = buildMap(testCase);
        if (testCase.prior) map.applyAllocation(testCase.prior);
        expectOutcome(
          () => map.allocate(testCase.request, testCase.options),
          testCase.expect,
          () => map.allocated(),
        );
        if (testCase.after && 'allocation' in testCase.expect)
          expect(map.allocated()).to.deep.equal(testCase.after);
      });
    }
  });
}

interface RecordedCase extends MapSpec {
  quantum: string;
  steps: Array<
    | { op: 'allocate'; request: Record<string, string>; allowFragmentation?: boolean }
    | { op: 'free'; of: number }
  >;
  results: Array<{ ok?: DeviceAllocation; error?: string; free?: true }>;
  final: DeviceAllocation;
}

describe('allocation maps: random sequences recorded from upstream', () => {
  const fixture = loadAllocationFixture<{ cases: RecordedCase[] }>('upstream-recorded');
  it(`reproduces every outcome and the final books of ${fixture.cases.length} sequences`, () => {
    let steps = 0;
    fixture.cases.forEach((testCase, caseIndex) => {
      const map = buildMap(testCase);
      const results: Array<{ ok?: DeviceAllocation; error?: string; free?: true }> = [];
      const freed = new Set<number>();
      for (const step of testCase.steps) {
        if (step.op === 'free') {
          const earlier = results[step.of]!;
          if (earlier.ok && !freed.has(step.of)) {
            map.free(earlier.ok);
            freed.add(step.of);
          }
          results.push({ free: true });
          continue;
        }
        steps++;
        const before = map.allocated();
        try {
          const options =
            step.allowFragmentation === undefined ? {} : { allowFragmentation: step.allowFragmentation };
          results.push({ ok: map.allocate(step.request, options) });
        } catch (error) {
          results.push({ error: (error as { code: string }).code });
          expect(map.allocated(), `case ${caseIndex}: a refusal leaves the map unchanged`).to.deep.equal(
            before,
          );
        }
      }
      expect(results, `case ${caseIndex}: ${JSON.stringify(testCase.steps)}`).to.deep.equal(testCase.results);
      expect(map.allocated(), `case ${caseIndex} final`).to.deep.equal(testCase.final);
    });
    expect(steps).to.be.greaterThan(500);
  });
});
