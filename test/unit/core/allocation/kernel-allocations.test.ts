import { expect } from 'chai';
import { DiscreteAllocMap, KernelAllocations, TesseraError } from '@tessera/core';

/** Two whole GPUs of `npu.device`. */
function gpus(): DiscreteAllocMap {
  return new DiscreteAllocMap({
    devices: ['0', '1'].map((deviceId) => ({
      deviceId,
      slotName: 'npu.device',
      slotType: 'count',
      amount: '1',
    })),
    strategy: 'FILL',
  });
}

describe('core allocation: what each kernel holds on an accelerator’s map (KernelAllocations)', () => {
  it('allocates, answers null (the map unchanged) when the map refuses, and frees idempotently', () => {
    const map = gpus();
    const kernels = new KernelAllocations(map, 'npu');
    const first = kernels.allocate('k1', { 'npu.device': '1' });
    expect(first).to.deep.equal({ 'npu.device': { '0': '1' } });
    expect(kernels.allocate('k2', { 'npu.device': '2' })).to.equal(null);
    expect(map.allocated()).to.deep.equal({ 'npu.device': { '0': '1', '1': '0' } });
    expect(kernels.of('k2')).to.equal(undefined);
    kernels.release('k1');
    kernels.release('k1');
    expect(map.allocated()).to.deep.equal({ 'npu.device': { '0': '0', '1': '0' } });
    expect(() => {
      kernels.allocate('k3', { 'npu.device': '1' });
      kernels.allocate('k3', { 'npu.device': '1' });
    }).to.throw(TesseraError, /kernel k3 already holds an allocation/);
  });

  it('restores only its own slots, and refuses (changing nothing) what the map cannot hold', () => {
    const map = gpus();
    const kernels = new KernelAllocations(map, 'npu');
    kernels.restore('k1', { 'npu.device': { '1': '1' }, 'cuda.device': { '0': '1' } });
    expect(kernels.of('k1')).to.deep.equal({ 'npu.device': { '1': '1' } });
    expect(() => kernels.restore('k2', { 'npu.device': { '1': '1' } })).to.throw();
    expect(() => kernels.restore('k3', { 'npu.device': { '7': '1' } })).to.throw();
    expect(map.allocated()).to.deep.equal({ 'npu.device': { '0': '0', '1': '1' } });
    // Restoring a kernel again replaces what it held rather than adding to it.
    kernels.restore('k1', { 'npu.device': { '0': '1' } });
    expect(map.allocated()).to.deep.equal({ 'npu.device': { '0': '1', '1': '0' } });
  });
});
