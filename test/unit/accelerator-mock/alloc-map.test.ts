import { expect } from 'chai';
import { createLogger, DiscreteAllocMap, FractionAllocMap } from '@tessera/core';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { GPU_A, GPU_B, MIG_DEVICES, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });

function mock(config: Partial<MockAcceleratorConfig> = {}): MockAccelerator {
  return new MockAccelerator(mockConfig(config), '0.1.0', silent);
}

/** A map's devices as `[slot, type, device, capacity]`. */
function layout(accelerator: MockAccelerator) {
  return accelerator
    .createAllocMap()
    .view()
    .map((usage) => [usage.slotName, usage.slotType, usage.deviceId, usage.capacity.toFixed()]);
}

describe('mock accelerator: its allocation map', () => {
  it('discrete mode: a DiscreteAllocMap of whole devices', () => {
    const map = mock().createAllocMap();
    expect(map).to.be.instanceOf(DiscreteAllocMap);
    expect(layout(mock())).to.deep.equal([
      ['cuda.device', 'count', GPU_A, '1'],
      ['cuda.device', 'count', GPU_B, '1'],
    ]);
  });

  it("fractional mode: a FractionAllocMap of each device's shares, in steps of quantumSize", () => {
    const accelerator = mock({ allocationMode: 'fractional', quantumSize: '0.25' });
    const map = accelerator.createAllocMap();
    expect(map).to.be.instanceOf(FractionAllocMap);
    expect((map as FractionAllocMap).quantum.toFixed()).to.equal('0.25');
    expect(layout(accelerator)).to.deep.equal([
      ['cuda.shares', 'count', GPU_A, '13.5'],
      ['cuda.shares', 'count', GPU_B, '13.5'],
    ]);
    expect(map.allocate({ 'cuda.shares': '0.6' })).to.deep.equal({ 'cuda.shares': { [GPU_B]: '0.5' } });
  });

  it('MIG slices are unique slots of 1 in either mode, beside the whole devices or shares', () => {
    for (const allocationMode of ['discrete', 'fractional'] as const) {
      const rows = layout(mock({ devices: MIG_DEVICES, allocationMode }));
      expect(rows.filter(([slot]) => String(slot).endsWith('-mig'))).to.deep.equal([
        ['cuda.device:20g-mig', 'unique', 'MIG-mother-2/0/0', '1'],
        ['cuda.device:10g-mig', 'unique', 'MIG-mother-2/1/0', '1'],
        ['cuda.device:10g-mig', 'unique', 'MIG-mother-2/2/0', '1'],
        ['cuda.device:5g-mig', 'unique', 'MIG-mother-3/0/0', '1'],
        ['cuda.device:5g-mig', 'unique', 'MIG-mother-3/1/0', '1'],
        ['cuda.device:5g-mig', 'unique', 'MIG-mother-3/2/0', '1'],
        ['cuda.device:5g-mig', 'unique', 'MIG-mother-3/3/0', '1'],
      ]);
    }
  });

  it('leaves masked devices out and refuses to restore onto one, saying it is masked', () => {
    const accelerator = mock({ deviceMask: [GPU_A] });
    expect(layout(accelerator)).to.deep.equal([['cuda.device', 'count', GPU_B, '1']]);
    expect(() => accelerator.createAllocMap().applyAllocation({ 'cuda.device': { [GPU_A]: '1' } })).to.throw(
      `Slot "cuda.device": device "${GPU_A}" is masked on this agent`,
    );
  });

  it('hands out a fresh map each time, apart from what its own allocate holds', async () => {
    const accelerator = mock();
    const first = accelerator.createAllocMap();
    first.allocate({ 'cuda.device': '2' });
    expect(await accelerator.allocate('k1', { 'cuda.device': '2' })).to.deep.equal({
      'cuda.device': { [GPU_A]: '1', [GPU_B]: '1' },
    });
    expect(accelerator.createAllocMap().allocated()).to.deep.equal({
      'cuda.device': { [GPU_A]: '0', [GPU_B]: '0' },
    });
  });

  it('refuses what its map refuses, with the map unchanged, and restores what a kernel held', async () => {
    const accelerator = mock({ allocationMode: 'fractional' });
    expect(await accelerator.allocate('k1', { 'cuda.shares': '27.1' })).to.equal(null);
    expect(await accelerator.allocate('k1', { 'cuda.shares': '0.05' })).to.equal(null);
    await accelerator.restore('old', { 'cuda.shares': { [GPU_A]: '13.5', [GPU_B]: '13' } });
    expect(await accelerator.allocate('k2', { 'cuda.shares': '1' })).to.equal(null);
    expect(await accelerator.allocate('k2', { 'cuda.shares': '0.5' })).to.deep.equal({
      'cuda.shares': { [GPU_B]: '0.5' },
    });
    let refused: unknown;
    await accelerator
      .restore('other', { 'cuda.shares': { [GPU_A]: '0.1' } })
      .catch((e: unknown) => (refused = e));
    expect(refused).to.have.property('code', 'insufficient-resource');
    await accelerator.release('old');
    expect(await accelerator.allocate('k3', { 'cuda.shares': '26.5' })).to.not.equal(null);
  });
});
