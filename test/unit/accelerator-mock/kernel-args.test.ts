import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { MockAccelerator } from '@tessera/accelerator-mock';
import { GPU_A, GPU_B, MIG_DEVICES, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });
const GiB = 1024 ** 3;

describe('mock accelerator: what a kernel is told', () => {
  it('names whole devices in env and resource data, without virtualisation', async () => {
    const accelerator = new MockAccelerator(mockConfig(), '0.1.0', silent);
    const allocation = await accelerator.allocate('k1', { 'cuda.device': '2' });
    const args = await accelerator.kernelArgs(allocation!);
    expect(args.environ).to.deep.equal({
      BACKENDAI_MOCK_CUDA_DEVICES: `${GPU_A},${GPU_B}`,
      BACKENDAI_MOCK_CUDA_DEVICE_COUNT: '2',
      TF_MIN_GPU_MULTIPROCESSOR_COUNT: '4',
    });
    expect(args.resourceData).to.deep.equal({
      CUDA_GLOBAL_DEVICE_IDS: `0:${GPU_A},1:${GPU_B}`,
      CUDA_RESOURCE_VIRTUALIZED: '0',
    });
    expect(args.attachedDevices).to.deep.equal([
      { deviceId: GPU_A, modelName: 'CUDA GPU', data: { smp: 108, mem: 40 * GiB } },
      { deviceId: GPU_B, modelName: 'CUDA GPU', data: { smp: 108, mem: 40 * GiB } },
    ]);
  });

  const shareCases = [
    // A share is worth unitMem (2 GiB) and unitProc (8) SMs, with at least 4 SMs.
    { shares: '0.5', mem: 1 * GiB, smp: 4 },
    { shares: '0.2', mem: Math.floor(0.2 * 2 * GiB), smp: 4 },
    { shares: '2', mem: 4 * GiB, smp: 16 },
  ];
  for (const c of shareCases) {
    it(`gives ${c.shares} shares ${c.mem} bytes and ${c.smp} SMs, marked virtualised`, async () => {
      const accelerator = new MockAccelerator(mockConfig({ allocationMode: 'fractional' }), '0.1.0', silent);
      const args = await accelerator.kernelArgs(
        (await accelerator.allocate('k1', { 'cuda.shares': c.shares }))!,
      );
      // A request that fits one device goes to the tightest, the last of equal devices.
      expect(args.resourceData).to.deep.equal({
        CUDA_GLOBAL_DEVICE_IDS: `0:${GPU_B}`,
        CUDA_RESOURCE_VIRTUALIZED: '1',
        CUDA_MEMORY_LIMITS: `${GPU_B}:${c.mem}`,
        CUDA_PROCESSOR_LIMITS: `${GPU_B}:${c.smp}`,
        CUDA_RESERVED_MEMORY: String(64 * 1024 * 1024),
      });
      expect(args.attachedDevices[0]!.data).to.deep.equal({ smp: c.smp, mem: c.mem });
    });
  }

  it('reports MIG slices as not virtualised', async () => {
    const accelerator = new MockAccelerator(
      mockConfig({ devices: MIG_DEVICES, allocationMode: 'fractional' }),
      '0.1.0',
      silent,
    );
    const args = await accelerator.kernelArgs(
      (await accelerator.allocate('k1', { 'cuda.device:20g-mig': '1' }))!,
    );
    expect(args.environ.BACKENDAI_MOCK_CUDA_DEVICES).to.equal('MIG-mother-2/0/0');
    // In fractional mode the limits are there, empty: a slice has no share (as upstream).
    expect(args.resourceData).to.deep.equal({
      CUDA_GLOBAL_DEVICE_IDS: '0:MIG-mother-2/0/0',
      CUDA_RESOURCE_VIRTUALIZED: '0',
      CUDA_MEMORY_LIMITS: '',
      CUDA_PROCESSOR_LIMITS: '',
      CUDA_RESERVED_MEMORY: String(64 * 1024 * 1024),
    });
    expect(args.attachedDevices).to.deep.equal([
      { deviceId: 'MIG-mother-2/0/0', modelName: 'MIG-20g', data: { smp: 56, mem: 20 * GiB } },
    ]);
  });

  it('tells a kernel without devices nothing', async () => {
    const accelerator = new MockAccelerator(mockConfig(), '0.1.0', silent);
    expect(await accelerator.kernelArgs((await accelerator.allocate('k1', {}))!)).to.deep.equal({
      environ: {},
      resourceData: {},
      attachedDevices: [],
    });
  });

  it('uses the slot name in variable names for other device kinds', async () => {
    const accelerator = new MockAccelerator(mockConfig({ slotName: 'rocm' }), '0.1.0', silent);
    const args = await accelerator.kernelArgs((await accelerator.allocate('k1', { 'rocm.device': '1' }))!);
    expect(args.environ).to.deep.equal({
      BACKENDAI_MOCK_ROCM_DEVICES: GPU_A,
      BACKENDAI_MOCK_ROCM_DEVICE_COUNT: '1',
    });
    expect(args.resourceData).to.have.property('ROCM_GLOBAL_DEVICE_IDS', `0:${GPU_A}`);
  });
});
