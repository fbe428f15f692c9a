import { expect } from 'chai';
import { createLogger, type Accelerator, type AllocMap, type DeviceAllocation } from '@tessera/core';
import { describeAcceleratorConformance } from '@tessera/core/testing';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { runConformanceSuite } from '../../support/run-conformance-suite';
import { MIG_DEVICES, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });

function mock(config: Partial<MockAcceleratorConfig> = {}): MockAccelerator {
  return new MockAccelerator(mockConfig(config), '0.1.0', silent);
}

describeAcceleratorConformance('mock (whole devices)', () => ({ accelerator: mock() }));
describeAcceleratorConformance('mock (fractional shares)', () => ({
  accelerator: mock({ allocationMode: 'fractional' }),
}));
describeAcceleratorConformance('mock (whole devices and MIG slices)', () => ({
  accelerator: mock({ devices: MIG_DEVICES }),
}));

/** The mock with one method replaced; the others are the mock's own. */
function withOverrides(inner: Accelerator, overrides: Partial<Accelerator>): Accelerator {
  return {
    key: inner.key,
    slotTypes: inner.slotTypes,
    exclusiveSlotTypes: inner.exclusiveSlotTypes,
    metadata: () => inner.metadata(),
    listDevices: () => inner.listDevices(),
    availableSlots: () => inner.availableSlots(),
    version: () => inner.version(),
    extraInfo: () => inner.extraInfo(),
    allocate: (kernelId, slots) => inner.allocate(kernelId, slots),
    release: (kernelId) => inner.release(kernelId),
    kernelArgs: (allocation) => inner.kernelArgs(allocation),
    ...overrides,
  };
}

/** Hands a busy device out again when the mock refuses (double booking). */
function overCommitting(inner: Accelerator): Accelerator {
  let last: DeviceAllocation | null = null;
  return withOverrides(inner, {
    allocate: async (kernelId, slots) => {
      const allocation = await inner.allocate(kernelId, slots);
      if (allocation) last = allocation;
      return allocation ?? last;
    },
  });
}

/** A second release of a kernel frees another kernel's devices (a double free). */
function doubleFreeing(inner: Accelerator): Accelerator {
  const live: string[] = [];
  const released = new Set<string>();
  return withOverrides(inner, {
    allocate: async (kernelId, slots) => {
      const allocation = await inner.allocate(kernelId, slots);
      if (allocation) live.push(kernelId);
      return allocation;
    },
    release: async (kernelId) => {
      const index = live.indexOf(kernelId);
      if (index >= 0) live.splice(index, 1);
      else if (released.has(kernelId) && live.length > 0) await inner.release(live.shift()!);
      released.add(kernelId);
      await inner.release(kernelId);
    },
  });
}

describe('the accelerator/v1 conformance suite catches broken accelerators', () => {
  it('fails an accelerator whose allocation map does not match the devices and capacity it reports', async () => {
    const bigger = mock({ devices: MIG_DEVICES });
    const outcome = await runConformanceSuite(() =>
      describeAcceleratorConformance('mismatched map', () => ({
        accelerator: withOverrides(mock(), { createAllocMap: () => bigger.createAllocMap() }),
      })),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'holds the declared slots on listed devices, with the capacity availableSlots reports',
      // Its devices are not the accelerator's, so a kernel is told about none of them.
      'tells a kernel about exactly the devices the map handed out',
    ]);
  });

  it('fails an accelerator whose map restores nothing (a restarted agent would hand devices out twice)', async () => {
    const forgetful = (inner: MockAccelerator) => (): AllocMap =>
      Object.assign(inner.createAllocMap(), { applyAllocation: () => undefined });
    const outcome = await runConformanceSuite(() =>
      describeAcceleratorConformance('forgetful map', () => {
        const inner = mock();
        return { accelerator: withOverrides(inner, { createAllocMap: forgetful(inner) }) };
      }),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'restores a recorded allocation into a fresh map (applyAllocation), so it is not handed out twice',
    ]);
  });

  it('fails an accelerator that hands out a busy device', async () => {
    const outcome = await runConformanceSuite(() =>
      describeAcceleratorConformance('over-committing', () => ({ accelerator: overCommitting(mock()) })),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'refuses more than its capacity, in one request or many, and never hands out more',
      'frees on release what the kernel held, and only that',
      'release is idempotent: a second release frees nothing more, an unknown kernel is fine',
      'reports capacity, not what is free: allocations leave availableSlots as it was',
    ]);
    expect(outcome.passed).to.have.length.greaterThan(0);
  });

  it('fails an accelerator whose second release frees devices another kernel holds', async () => {
    const outcome = await runConformanceSuite(() =>
      describeAcceleratorConformance('double-freeing', () => ({ accelerator: doubleFreeing(mock()) })),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'release is idempotent: a second release frees nothing more, an unknown kernel is fine',
    ]);
    expect(outcome.failed[0]!.message).to.contain('releasing a kernel twice freed its devices twice');
  });
});
