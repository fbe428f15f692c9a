import { expect } from 'chai';
import { createLogger, type DeviceAllocation } from '@tessera/core';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { GPU_A, GPU_B, MIG_DEVICES, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });

/** One step of a scenario: allocate for a kernel (expecting an allocation or null) or release one. */
type Step =
  { allocate: string; slots: Record<string, string>; expect: DeviceAllocation | null } | { release: string };

const scenarios: Array<{ name: string; config: Partial<MockAcceleratorConfig>; steps: Step[] }> = [
  {
    name: 'whole devices are handed out in order until none is free, and come back on release',
    config: {},
    steps: [
      { allocate: 'k1', slots: { 'cuda.device': '1' }, expect: { 'cuda.device': { [GPU_A]: '1' } } },
      { allocate: 'k2', slots: { 'cuda.device': '1' }, expect: { 'cuda.device': { [GPU_B]: '1' } } },
      { allocate: 'k3', slots: { 'cuda.device': '1' }, expect: null },
      { release: 'k1' },
      { allocate: 'k3', slots: { 'cuda.device': '1' }, expect: { 'cuda.device': { [GPU_A]: '1' } } },
    ],
  },
  {
    name: 'several whole devices at once, all or nothing',
    config: {},
    steps: [
      { allocate: 'k1', slots: { 'cuda.device': '3' }, expect: null },
      {
        allocate: 'k1',
        slots: { 'cuda.device': '2' },
        expect: { 'cuda.device': { [GPU_A]: '1', [GPU_B]: '1' } },
      },
    ],
  },
  {
    name: 'whole devices are counted in whole numbers, as upstream: 0.5 gets none, 1.5 gets one',
    config: {},
    steps: [
      { allocate: 'k1', slots: { 'cuda.device': '0.5' }, expect: { 'cuda.device': {} } },
      { allocate: 'k2', slots: { 'cuda.device': '1.5' }, expect: { 'cuda.device': { [GPU_A]: '1' } } },
    ],
  },
  {
    name: 'a kernel asking for nothing gets an empty allocation (zero amounts are ignored)',
    config: {},
    steps: [
      { allocate: 'k1', slots: {}, expect: {} },
      { allocate: 'k2', slots: { 'cuda.device': '0' }, expect: {} },
    ],
  },
  {
    name: 'a slot of the other mode is unknown and refused',
    config: {},
    steps: [{ allocate: 'k1', slots: { 'cuda.shares': '0.5' }, expect: null }],
  },
  {
    name: 'shares: a request that fits one device goes to the tightest device (the last of equals)',
    config: { allocationMode: 'fractional' },
    steps: [
      { allocate: 'k1', slots: { 'cuda.shares': '0.5' }, expect: { 'cuda.shares': { [GPU_B]: '0.5' } } },
      // B has 13 left, A 13.5: 13.2 only fits A.
      { allocate: 'k2', slots: { 'cuda.shares': '13.2' }, expect: { 'cuda.shares': { [GPU_A]: '13.2' } } },
      // B has 13, A 0.3: 1 fits B only.
      { allocate: 'k3', slots: { 'cuda.shares': '1' }, expect: { 'cuda.shares': { [GPU_B]: '1' } } },
      { allocate: 'k4', slots: { 'cuda.shares': '12.4' }, expect: null },
      {
        allocate: 'k4',
        slots: { 'cuda.shares': '12.3' },
        expect: { 'cuda.shares': { [GPU_B]: '12', [GPU_A]: '0.3' } },
      },
    ],
  },
  {
    name: 'shares: the tightest device wins even when a freer one comes first',
    config: { allocationMode: 'fractional' },
    steps: [
      { allocate: 'k1', slots: { 'cuda.shares': '13.5' }, expect: { 'cuda.shares': { [GPU_B]: '13.5' } } },
      { allocate: 'k2', slots: { 'cuda.shares': '5' }, expect: { 'cuda.shares': { [GPU_A]: '5' } } },
      { release: 'k1' },
      // B has 13.5 free, A 8.5: A is the tighter fit.
      { allocate: 'k3', slots: { 'cuda.shares': '2' }, expect: { 'cuda.shares': { [GPU_A]: '2' } } },
    ],
  },
  {
    name: 'shares: a request larger than any device is spread evenly',
    config: { allocationMode: 'fractional' },
    steps: [
      {
        allocate: 'k1',
        slots: { 'cuda.shares': '20' },
        expect: { 'cuda.shares': { [GPU_A]: '10', [GPU_B]: '10' } },
      },
      { allocate: 'k2', slots: { 'cuda.shares': '7.1' }, expect: null },
      {
        allocate: 'k2',
        slots: { 'cuda.shares': '7' },
        expect: { 'cuda.shares': { [GPU_A]: '3.5', [GPU_B]: '3.5' } },
      },
    ],
  },
  {
    name: 'shares: amounts are rounded down to the quantum, and nothing left is refused',
    config: { allocationMode: 'fractional' },
    steps: [
      { allocate: 'k1', slots: { 'cuda.shares': '0.25' }, expect: { 'cuda.shares': { [GPU_B]: '0.2' } } },
      { allocate: 'k2', slots: { 'cuda.shares': '0.05' }, expect: null },
    ],
  },
  {
    name: 'MIG: one slice per unique slot, whole devices alongside',
    config: { devices: MIG_DEVICES },
    steps: [
      {
        allocate: 'k1',
        slots: { 'cuda.device:10g-mig': '1' },
        expect: { 'cuda.device:10g-mig': { 'MIG-mother-2/1/0': '1' } },
      },
      {
        allocate: 'k2',
        slots: { 'cuda.device:10g-mig': '1' },
        expect: { 'cuda.device:10g-mig': { 'MIG-mother-2/2/0': '1' } },
      },
      { allocate: 'k3', slots: { 'cuda.device:10g-mig': '1' }, expect: null },
      { allocate: 'k3', slots: { 'cuda.device:5g-mig': '2' }, expect: null },
      { allocate: 'k3', slots: { 'cuda.device': '1' }, expect: { 'cuda.device': { 'full-0': '1' } } },
    ],
  },
  {
    name: 'MIG slices, whole devices and shares cannot be combined in one kernel, nor two MIG profiles',
    config: { devices: MIG_DEVICES },
    steps: [
      { allocate: 'k1', slots: { 'cuda.device': '1', 'cuda.device:5g-mig': '1' }, expect: null },
      { allocate: 'k1', slots: { 'cuda.device:20g-mig': '1', 'cuda.device:5g-mig': '1' }, expect: null },
      {
        allocate: 'k1',
        slots: { 'cuda.device:5g-mig': '1' },
        expect: { 'cuda.device:5g-mig': { 'MIG-mother-3/0/0': '1' } },
      },
    ],
  },
  {
    name: 'release is idempotent and unknown kernels are ignored',
    config: {},
    steps: [
      {
        allocate: 'k1',
        slots: { 'cuda.device': '2' },
        expect: { 'cuda.device': { [GPU_A]: '1', [GPU_B]: '1' } },
      },
      { release: 'k1' },
      { release: 'k1' },
      { release: 'never-allocated' },
      {
        allocate: 'k2',
        slots: { 'cuda.device': '2' },
        expect: { 'cuda.device': { [GPU_A]: '1', [GPU_B]: '1' } },
      },
    ],
  },
];

describe('mock accelerator: allocation', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const accelerator = new MockAccelerator(mockConfig(scenario.config), '0.1.0', silent);
      for (const [index, step] of scenario.steps.entries()) {
        if ('release' in step) {
          await accelerator.release(step.release);
          continue;
        }
        const got = await accelerator.allocate(step.allocate, step.slots);
        expect(got, `step ${index}: ${step.allocate} ${JSON.stringify(step.slots)}`).to.deep.equal(
          step.expect,
        );
      }
    });
  }

  it('treats a second allocation for the same kernel as a bug', async () => {
    const accelerator = new MockAccelerator(mockConfig(), '0.1.0', silent);
    await accelerator.allocate('k1', { 'cuda.device': '1' });
    let error: unknown;
    await accelerator.allocate('k1', { 'cuda.device': '1' }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'internal-error');
  });
});
