import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { MockAccelerator } from '@tessera/accelerator-mock';
import { GPU_A, GPU_B, mockConfig } from './mock-config';

const silent = createLogger({ level: 'silent' });
const GiB = 1024 ** 3;

describe('mock accelerator: node measures', () => {
  it('measures every unmasked device in plausible ranges, as <key>_mem, _util, _power and _temperature', async () => {
    const accelerator = new MockAccelerator(mockConfig(), '0.1.0', silent);
    for (let sample = 0; sample < 50; sample++) {
      const measures = await accelerator.gatherNodeMeasures();
      expect(measures.map((m) => [m.key, m.unitHint])).to.deep.equal([
        ['cuda_mem', 'bytes'],
        ['cuda_util', 'percent'],
        ['cuda_power', 'Watts'],
        ['cuda_temperature', 'Celsius'],
      ]);
      const [mem, util, power, temperature] = measures;
      for (const measure of measures) {
        expect(Object.keys(measure.perDevice)).to.deep.equal([GPU_A, GPU_B]);
        expect(measure.key).not.to.include('.');
      }
      for (const device of Object.values(mem!.perDevice)) {
        expect(device.capacity).to.equal(40 * GiB);
        expect(device.value).to.be.within(0.2 * 40 * GiB, 40 * GiB);
      }
      expect(mem!.perNode).to.deep.equal({
        value: mem!.perDevice[GPU_A]!.value + mem!.perDevice[GPU_B]!.value,
        capacity: 80 * GiB,
      });
      for (const device of Object.values(util!.perDevice)) expect(device.value).to.be.within(0, 100);
      expect(util!.perNode.capacity).to.equal(200);
      for (const device of Object.values(power!.perDevice)) expect(device.value).to.be.within(0, 250);
      for (const device of Object.values(temperature!.perDevice)) expect(device.value).to.be.within(20, 120);
      expect(temperature!.perNode.capacity).to.equal(120);
    }
  });

  it('leaves masked devices out, and measures nothing without devices', async () => {
    const masked = new MockAccelerator(mockConfig({ deviceMask: [GPU_A] }), '0.1.0', silent);
    const [mem] = await masked.gatherNodeMeasures();
    expect(Object.keys(mem!.perDevice)).to.deep.equal([GPU_B]);
    const none = new MockAccelerator(mockConfig({ devices: [] }), '0.1.0', silent);
    expect(await none.gatherNodeMeasures()).to.deep.equal([]);
  });

  it('names the measures after the device key it impersonates', async () => {
    const rocm = new MockAccelerator(mockConfig({ slotName: 'rocm' }), '0.1.0', silent);
    expect((await rocm.gatherNodeMeasures()).map((m) => m.key)).to.deep.equal([
      'rocm_mem',
      'rocm_util',
      'rocm_power',
      'rocm_temperature',
    ]);
  });
});
