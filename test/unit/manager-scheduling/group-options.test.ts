import { expect } from 'chai';
import type { KernelCreationSpec } from '@tessera/core';
import { checkSchedulerOpts } from '@tessera/manager-resources';
import { withGroupOptions } from '@tessera/manager-scheduling';

const SPEC = { kernelId: 'k1', resourceSlots: { 'cuda.shares': '1.5' } } as unknown as KernelCreationSpec;
const KNOWN = { schedulers: undefined, selectors: undefined };

describe("a resource group's allow_fractional_resource_fragmentation, from scheduler_opts to the agents", () => {
  it('is accepted in scheduler_opts as true or false only, naming the key otherwise', () => {
    expect(checkSchedulerOpts({ allow_fractional_resource_fragmentation: false }, KNOWN)).to.deep.equal({
      allow_fractional_resource_fragmentation: false,
    });
    expect(() => checkSchedulerOpts({ allow_fractional_resource_fragmentation: 'no' }, KNOWN)).to.throw(
      'Invalid props.scheduler_opts.allow_fractional_resource_fragmentation: true or false (got "no")',
    );
  });

  it('marks the kernels of a group that disallows fragmentation, and leaves others as they are (allowed)', () => {
    expect(withGroupOptions([SPEC], { allow_fractional_resource_fragmentation: false })).to.deep.equal([
      { ...SPEC, allowFractionalResourceFragmentation: false },
    ]);
    expect(withGroupOptions([SPEC], { allow_fractional_resource_fragmentation: true })).to.deep.equal([SPEC]);
    expect(withGroupOptions([SPEC], {})).to.deep.equal([SPEC]);
  });
});
