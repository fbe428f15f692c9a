import { expect } from 'chai';
import type { DeviceAllocation } from '@tessera/core';
import {
  type Expectation,
  type MapSpec,
  buildMap,
  expectOutcome,
  loadAllocationFixture,
} from './allocation-fixtures';

interface Step {
  op: 'allocate' | 'apply' | 'free';
  request?: Record<string, string>;
  allocation?: DeviceAllocation;
  expect?: Expectation;
  after?: DeviceAllocation;
}

interface RestoreCase extends MapSpec {
  name: string;
  prior?: DeviceAllocation;
  steps: Step[];
}

describe('allocation maps: restore, free and the device mask', () => {
  const fixture = loadAllocationFixture<{ cases: RestoreCase[] }>('restore');
  for (const testCase of fixture.cases) {
    it(testCase.name, () => {
      const map = buildMap(testCase);
      if (testCase.prior) map.applyAllocation(testCase.prior);
      for (const step of testCase.steps) {
        const action = () => {
          if (step.op === 'allocate') return map.allocate(step.request!);
          if (step.op === 'apply') map.applyAllocation(step.allocation!);
          else map.free(step.allocation!);
          return { applied: true };
        };
        if (step.expect) expectOutcome(action, step.expect, () => map.allocated());
        else action();
        if (step.after) expect(map.allocated()).to.deep.equal(step.after);
      }
    });
  }

  it('reads free and allocated amounts per device without letting them be changed', () => {
    const map = buildMap({
      map: 'fraction',
      strategy: 'EVENLY',
      devices: [
        { id: '0', slot: 'cuda.shares', amount: '1' },
        { id: '1', slot: 'cuda.shares', amount: '1' },
      ],
    });
    map.allocate({ 'cuda.shares': '0.3' });
    const view = map.view();
    expect(view.map((u) => [u.deviceId, u.allocated.toFixed(), u.free.toFixed()])).to.deep.equal([
      ['0', '0', '1'],
      ['1', '0.3', '0.7'],
    ]);
    expect(() => ((view[0] as { allocated: unknown }).allocated = 5)).to.throw(TypeError);
    expect(map.allocated()).to.deep.equal({ 'cuda.shares': { '0': '0', '1': '0.3' } });
  });
});
