import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { GPU_A, MIG_DEVICES, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });

function device(memorySize: string, subprocCount: number, motherUuid = `dev-${memorySize}-${subprocCount}`) {
  return { motherUuid, modelName: 'CUDA GPU', numaNode: 0, subprocCount, memorySize, isMigDevice: false };
}

describe('mock accelerator: slots and capacity', () => {
  const cases: Array<{
    name: string;
    config: Partial<MockAcceleratorConfig>;
    slotTypes: Record<string, string>;
    available: Record<string, string>;
  }> = [
    {
      name: 'default: two whole CUDA devices',
      config: {},
      slotTypes: { 'cuda.device': 'count' },
      available: { 'cuda.device': '2' },
    },
    {
      name: 'fractional default devices: min(40g/2g, 108/8) = 13.5 shares each',
      config: { allocationMode: 'fractional' },
      slotTypes: { 'cuda.shares': 'count' },
      available: { 'cuda.shares': '27' },
    },
    {
      name: 'fractional shares are limited by memory or by processors, rounded down to 0.01',
      config: {
        allocationMode: 'fractional',
        unitMem: '1g',
        unitProc: 8,
        devices: [device('10g', 28), device('2g', 100), device('7g', 25)],
      },
      slotTypes: { 'cuda.shares': 'count' },
      // 28/8 = 3.5; 2g/1g = 2; 25/8 = 3.125 -> 3.12
      available: { 'cuda.shares': '8.62' },
    },
    {
      name: 'MIG slices become one unique slot per profile, next to the whole devices',
      config: { devices: MIG_DEVICES },
      slotTypes: {
        'cuda.device': 'count',
        'cuda.device:20g-mig': 'unique',
        'cuda.device:10g-mig': 'unique',
        'cuda.device:5g-mig': 'unique',
      },
      available: {
        'cuda.device': '2',
        'cuda.device:20g-mig': '1',
        'cuda.device:10g-mig': '2',
        'cuda.device:5g-mig': '4',
      },
    },
    {
      name: 'MIG slices stay whole in fractional mode',
      config: { devices: MIG_DEVICES, allocationMode: 'fractional' },
      slotTypes: {
        'cuda.shares': 'count',
        'cuda.device:20g-mig': 'unique',
        'cuda.device:10g-mig': 'unique',
        'cuda.device:5g-mig': 'unique',
      },
      available: {
        'cuda.shares': '27',
        'cuda.device:20g-mig': '1',
        'cuda.device:10g-mig': '2',
        'cuda.device:5g-mig': '4',
      },
    },
    {
      name: 'another slot name (a ROCm-flavoured mock)',
      config: { slotName: 'rocm', devicePluginName: 'ROCm' },
      slotTypes: { 'rocm.device': 'count' },
      available: { 'rocm.device': '2' },
    },
    {
      name: 'masked devices are not reported',
      config: { deviceMask: [GPU_A] },
      slotTypes: { 'cuda.device': 'count' },
      available: { 'cuda.device': '1' },
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const accelerator = new MockAccelerator(mockConfig(c.config), '0.1.0', silent);
      expect(accelerator.slotTypes).to.deep.equal(c.slotTypes);
      expect(await accelerator.availableSlots()).to.deep.equal(c.available);
    });
  }

  it('names MIG slices MIG-<mother>/<n>/0 and gives every device a fake PCI location', async () => {
    const accelerator = new MockAccelerator(mockConfig({ devices: MIG_DEVICES }), '0.1.0', silent);
    const devices = await accelerator.listDevices();
    expect(devices.map((d) => d.deviceId)).to.deep.equal([
      'full-0',
      'full-1',
      'MIG-mother-2/0/0',
      'MIG-mother-2/1/0',
      'MIG-mother-2/2/0',
      'MIG-mother-3/0/0',
      'MIG-mother-3/1/0',
      'MIG-mother-3/2/0',
      'MIG-mother-3/3/0',
    ]);
    expect(devices[2]).to.include({
      hwLocation: '0000:99:02.0',
      memorySize: 20 * 1024 ** 3,
      processingUnits: 56,
      numaNode: 0,
    });
  });

  it('declares whole devices, shares and MIG slices as mutually exclusive', () => {
    const accelerator = new MockAccelerator(mockConfig(), '0.1.0', silent);
    expect(accelerator.key).to.equal('cuda');
    expect(accelerator.exclusiveSlotTypes).to.deep.equal(['cuda.device:*-mig', 'cuda.device', 'cuda.shares']);
  });

  it('reports its attributes and version for the heartbeat, and display formats per slot', () => {
    const accelerator = new MockAccelerator(mockConfig({ devices: MIG_DEVICES }), '9.9.9', silent);
    expect(accelerator.version()).to.equal('9.9.9');
    expect(accelerator.extraInfo()).to.include({
      nvidia_driver: '450.00.00',
      cuda_runtime: '11.0',
      cuda_support: true,
    });
    const metadata = accelerator.metadata();
    expect(metadata.find((m) => m.slotName === 'cuda.device')).to.include({
      displayUnit: 'GPU',
      humanReadableName: 'GPU',
    });
    expect(metadata.find((m) => m.slotName === 'cuda.device:10g-mig')).to.include({ displayUnit: 'GPU' });
  });

  const invalid: Array<{ name: string; config: Partial<MockAcceleratorConfig>; message: RegExp }> = [
    {
      name: 'a unit memory below 512 MiB',
      config: { unitMem: '256m' },
      message: /unitMem must be at least 512 MiB/,
    },
    {
      name: 'a memory size that is not a size',
      config: { devices: [device('lots', 8)] },
      message: /memorySize is not a byte size/,
    },
    {
      name: 'a MIG device not named MIG-<profile>',
      config: { devices: [{ ...device('10g', 28), isMigDevice: true }] },
      message: /MIG device must be named MIG-<profile>/,
    },
    {
      name: 'two devices with one id',
      config: { devices: [device('10g', 28, 'same'), device('10g', 28, 'same')] },
      message: /device ids must be unique/,
    },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with plugin-config-invalid`, () => {
      expect(() => new MockAccelerator(mockConfig(c.config), '0.1.0', silent))
        .to.throw(c.message)
        .with.property('code', 'plugin-config-invalid');
    });
  }
});
