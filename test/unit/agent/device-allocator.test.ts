import { expect } from 'chai';
import assert from 'node:assert/strict';
import { createLogger } from '@tessera/core';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { DeviceAllocator } from '@tessera/agent';

const silent = createLogger({ level: 'silent' });

function accelerator(slotName: string, devices = 1): MockAccelerator {
  const config: MockAcceleratorConfig = {
    slotName,
    devicePluginName: 'MockDevice',
    allocationMode: 'discrete',
    unitMem: '2g',
    unitProc: 8,
    quantumSize: '0.1',
    reservedMemory: '64m',
    deviceMask: [],
    attributes: {},
    formats: {},
    devices: Array.from({ length: devices }, (_, i) => ({
      motherUuid: `${slotName}-${i}`,
      modelName: 'Mock',
      numaNode: 0,
      subprocCount: 8,
      memorySize: '8g',
      isMigDevice: false,
    })),
  };
  return new MockAccelerator(config, '0.1.0', silent);
}

describe('agent: device allocation across accelerators', () => {
  it('leaves cpu and mem to the agent and gives each accelerator its own slots', async () => {
    const allocator = new DeviceAllocator([accelerator('cuda'), accelerator('rocm')], silent);
    const outcome = await allocator.allocate('k1', {
      cpu: '2',
      mem: '1073741824',
      'cuda.device': '1',
      'rocm.device': '1',
    });
    expect(outcome).to.have.property('devices');
    const { devices } = outcome as Extract<typeof outcome, { devices: unknown }>;
    expect(devices.allocation).to.deep.equal({
      'cuda.device': { 'cuda-0': '1' },
      'rocm.device': { 'rocm-0': '1' },
    });
    expect(devices.environ).to.include({
      BACKENDAI_MOCK_CUDA_DEVICES: 'cuda-0',
      BACKENDAI_MOCK_ROCM_DEVICES: 'rocm-0',
    });
    expect(devices.resourceData).to.include({
      CUDA_GLOBAL_DEVICE_IDS: '0:cuda-0',
      ROCM_GLOBAL_DEVICE_IDS: '0:rocm-0',
    });
    expect(devices.attachedDevices.map((d) => d.deviceId)).to.deep.equal(['cuda-0', 'rocm-0']);
  });

  it('fails on a slot no accelerator knows, unless its amount is zero', async () => {
    const allocator = new DeviceAllocator([accelerator('cuda')], silent);
    const unknown = await allocator.allocate('k1', { cpu: '1', 'tpu.device': '1' });
    expect(unknown).to.deep.include({ failure: 'unknown accelerator slot' });
    expect(await allocator.allocate('k2', { cpu: '1', 'tpu.device': '0' })).to.have.property('devices');
  });

  it('is all or nothing: when one accelerator cannot satisfy, the others release what they took', async () => {
    const cuda = accelerator('cuda');
    const rocm = accelerator('rocm');
    const allocator = new DeviceAllocator([cuda, rocm], silent);
    await rocm.allocate('holder', { 'rocm.device': '1' });
    const failed = await allocator.allocate('k1', { 'cuda.device': '1', 'rocm.device': '1' });
    expect(failed).to.deep.include({ failure: 'not enough free devices' });
    // The cuda device k1 briefly held is free again.
    expect(await cuda.allocate('k2', { 'cuda.device': '1' })).to.deep.equal({
      'cuda.device': { 'cuda-0': '1' },
    });
  });

  it('releases a kernel everywhere, idempotently', async () => {
    const cuda = accelerator('cuda');
    const allocator = new DeviceAllocator([cuda], silent);
    await allocator.allocate('k1', { 'cuda.device': '1' });
    await allocator.release('k1');
    await allocator.release('k1');
    expect(await cuda.allocate('k2', { 'cuda.device': '1' })).to.not.equal(null);
  });

  it("restores a recovered kernel's allocation, so the device is not handed out twice", async () => {
    const cuda = accelerator('cuda');
    const allocator = new DeviceAllocator([cuda], silent);
    await allocator.restore('recovered', { 'cuda.device': { 'cuda-0': '1' } });
    expect(await allocator.allocate('k2', { 'cuda.device': '1' })).to.deep.include({
      failure: 'not enough free devices',
    });
    await allocator.release('recovered');
    expect(await allocator.allocate('k3', { 'cuda.device': '1' })).to.have.property('devices');
  });

  it('refuses to restore devices of a slot nobody owns or a device the accelerator does not have', async () => {
    const cuda = accelerator('cuda');
    const allocator = new DeviceAllocator([cuda], silent);
    await assert.rejects(
      allocator.restore('k1', { 'tpu.device': { 'tpu-0': '1' } }),
      /no accelerator owns slot tpu.device/,
    );
    await assert.rejects(
      allocator.restore('k1', { 'cuda.device': { 'cuda-9': '1' } }),
      /unknown device cuda-9/,
    );
    // Nothing was taken by the refused restores.
    expect(await allocator.allocate('k2', { 'cuda.device': '1' })).to.have.property('devices');
  });

  it('refuses to restore through an accelerator that cannot, so the agent ends the kernel instead', async () => {
    const cuda = accelerator('cuda');
    const withoutRestore = Object.assign(Object.create(cuda) as MockAccelerator, { restore: undefined });
    const allocator = new DeviceAllocator([withoutRestore], silent);
    await assert.rejects(
      allocator.restore('k1', { 'cuda.device': { 'cuda-0': '1' } }),
      /cannot restore allocations/,
    );
  });
});
