import { expect } from 'chai';
import assert from 'node:assert/strict';
import { createLogger, type Accelerator, type AcceleratorContainerOptions } from '@tessera/core';
import { MockAccelerator, type MockAcceleratorConfig } from '@tessera/accelerator-mock';
import { DeviceAllocator, type DeviceAllocatorOptions } from '@tessera/agent';

const silent = createLogger({ level: 'silent' });

/** Fractional mode where each 8g, 8-SM mock device is worth 4 shares (min(8g / 2g, 8 / 2)). */
const FRACTIONAL: Partial<MockAcceleratorConfig> = { allocationMode: 'fractional', unitProc: 2 };

type Outcome = Awaited<ReturnType<DeviceAllocator['allocate']>>;

function accelerator(
  slotName: string,
  devices = 1,
  overrides: Partial<MockAcceleratorConfig> = {},
  numaNodes: number[] = [],
): MockAccelerator {
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
      numaNode: numaNodes[i] ?? 0,
      subprocCount: 8,
      memorySize: '8g',
      isMigDevice: false,
    })),
    ...overrides,
  };
  return new MockAccelerator(config, '0.1.0', silent);
}

/** The accelerator without an allocation map: the agent allocates it through `allocate`. */
function withoutMap(inner: Accelerator, overrides: Partial<Accelerator> = {}): Accelerator {
  return Object.assign(Object.create(inner) as Accelerator, { createAllocMap: undefined, ...overrides });
}

/** The accelerator with container options added to what it tells a kernel. */
function withContainer(inner: Accelerator, container: AcceleratorContainerOptions): Accelerator {
  return Object.assign(Object.create(inner) as Accelerator, {
    kernelArgs: async (allocation: Parameters<Accelerator['kernelArgs']>[0]) => ({
      ...(await inner.kernelArgs(allocation)),
      container,
    }),
  });
}

function devicesOf(outcome: Outcome) {
  assert.ok('devices' in outcome, `expected devices, got ${JSON.stringify(outcome)}`);
  return outcome.devices;
}

function failureOf(outcome: Outcome): string {
  assert.ok('failure' in outcome, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
}

function allocator(accelerators: Accelerator[], options: DeviceAllocatorOptions = {}): DeviceAllocator {
  return new DeviceAllocator(accelerators, silent, options);
}

describe('agent: device allocation across accelerators', () => {
  it('leaves cpu and mem to the agent and gives each accelerator its own slots', async () => {
    const devices = devicesOf(
      await allocator([accelerator('cuda'), accelerator('rocm')]).allocate('k1', {
        cpu: '2',
        mem: '1073741824',
        'cuda.device': '1',
        'rocm.device': '1',
      }),
    );
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
    expect(devices).to.not.have.property('container');
  });

  it('fails on a slot no accelerator knows, naming it, unless its amount is zero', async () => {
    const devices = allocator([accelerator('cuda')]);
    expect(failureOf(await devices.allocate('k1', { cpu: '1', 'tpu.device': '1' }))).to.equal(
      'no accelerator of this agent provides the slot "tpu.device" (known: cuda.device)',
    );
    devicesOf(await devices.allocate('k2', { cpu: '1', 'tpu.device': '0' }));
  });

  it("fails with the map's typed error message when the devices cannot satisfy", async () => {
    const devices = allocator([accelerator('cuda', 2, FRACTIONAL)]);
    const insufficient = await devices.allocate('k1', { 'cuda.shares': '9' });
    expect(failureOf(insufficient)).to.equal('Insufficient "cuda.shares" on cuda: asked for 9, 8 available');
    expect(insufficient).to.have.nested.property('details.code', 'insufficient-resource');
    const tooSmall = await devices.allocate('k2', { 'cuda.shares': '0.05' });
    expect(failureOf(tooSmall)).to.match(/^Slot "cuda.shares" on cuda: asked for 0.05, .*quantum 0.1/);
    expect(tooSmall).to.have.nested.property('details.code', 'not-multiple-of-quantum');
  });

  it('refuses a fragmented fractional allocation when the resource group disallows fragmentation', async () => {
    const devices = allocator([accelerator('cuda', 2, FRACTIONAL)]);
    devicesOf(await devices.allocate('a', { 'cuda.shares': '3' }));
    devicesOf(await devices.allocate('b', { 'cuda.shares': '3' }));
    // 1 + 1 free: 2 shares would be split over both devices.
    const refused = await devices.allocate(
      'k',
      { 'cuda.shares': '2' },
      { allowFractionalResourceFragmentation: false },
    );
    expect(refused).to.have.nested.property('details.code', 'fractional-resource-fragmented');
    expect(devicesOf(await devices.allocate('k', { 'cuda.shares': '2' })).allocation).to.deep.equal({
      'cuda.shares': { 'cuda-0': '1', 'cuda-1': '1' },
    });
  });

  it('is all or nothing over the maps: when one refuses, the others give back what they took', async () => {
    const devices = allocator([accelerator('cuda'), accelerator('rocm')]);
    devicesOf(await devices.allocate('holder', { 'rocm.device': '1' }));
    expect(failureOf(await devices.allocate('k1', { 'cuda.device': '1', 'rocm.device': '1' }))).to.equal(
      'Insufficient "rocm.device" on rocm: asked for 1, 0 available',
    );
    // The cuda device k1 briefly held is free again.
    expect(devicesOf(await devices.allocate('k2', { 'cuda.device': '1' })).allocation).to.deep.equal({
      'cuda.device': { 'cuda-0': '1' },
    });
  });

  it('is all or nothing with accelerators that only have allocate, both ways', async () => {
    const npu = accelerator('npu');
    const devices = allocator([accelerator('cuda'), withoutMap(npu)]);
    await npu.allocate('outside', { 'npu.device': '1' });
    expect(failureOf(await devices.allocate('k1', { 'cuda.device': '1', 'npu.device': '1' }))).to.equal(
      'accelerator "npu" cannot satisfy {"npu.device":"1"}',
    );
    // The map gave the cuda device back.
    devicesOf(await devices.allocate('k2', { 'cuda.device': '1' }));
    await npu.release('outside');
    // Now the map refuses: the plain accelerator is not asked (nothing to give back).
    expect(failureOf(await devices.allocate('k3', { 'cuda.device': '1', 'npu.device': '1' }))).to.match(
      /^Insufficient "cuda.device" on cuda/,
    );
    expect(await npu.allocate('probe', { 'npu.device': '1' })).to.deep.equal({
      'npu.device': { 'npu-0': '1' },
    });
  });

  it('visits the maps in the allocation order and picks later devices on the NUMA node of earlier ones', async () => {
    // cuda-1 on node 1; rocm has one device on each node.
    const cuda = accelerator('cuda', 2, {}, [0, 1]);
    const rocm = accelerator('rocm', 2, {}, [0, 1]);
    const devices = allocator([rocm, cuda]);
    devicesOf(await devices.allocate('holder', { 'cuda.device': '1' }));
    const got = devicesOf(await devices.allocate('k1', { 'rocm.device': '1', 'cuda.device': '1' }));
    // cuda goes first (the default order), and rocm follows it to that node.
    expect(got.allocation).to.deep.equal({
      'cuda.device': { 'cuda-1': '1' },
      'rocm.device': { 'rocm-1': '1' },
    });
    expect(Object.keys(got.environ)[0]).to.equal('BACKENDAI_MOCK_CUDA_DEVICES');
  });

  it('allocates accelerators missing from the allocation order after the listed ones', async () => {
    const devices = allocator([accelerator('npu'), accelerator('cuda')], { allocationOrder: ['cuda'] });
    const got = devicesOf(await devices.allocate('k1', { 'npu.device': '1', 'cuda.device': '1' }));
    expect(got.attachedDevices.map((d) => d.deviceId)).to.deep.equal(['cuda-0', 'npu-0']);
  });

  it("merges the accelerators' container options", async () => {
    const cuda = withContainer(accelerator('cuda'), {
      deviceRequests: [{ driver: 'nvidia', deviceIds: ['0'], capabilities: [['compute', 'utility']] }],
      groupAdd: ['video'],
    });
    const rocm = withContainer(withoutMap(accelerator('rocm')), {
      devices: [{ pathOnHost: '/dev/kfd', pathInContainer: '/dev/kfd', cgroupPermissions: 'mrw' }],
      groupAdd: ['video', 'render'],
      securityOpt: ['seccomp=unconfined'],
    });
    const got = devicesOf(
      await allocator([cuda, rocm]).allocate('k1', { 'cuda.device': '1', 'rocm.device': '1' }),
    );
    expect(got.container).to.deep.equal({
      deviceRequests: [{ driver: 'nvidia', deviceIds: ['0'], capabilities: [['compute', 'utility']] }],
      devices: [{ pathOnHost: '/dev/kfd', pathInContainer: '/dev/kfd', cgroupPermissions: 'mrw' }],
      groupAdd: ['video', 'render'],
      securityOpt: ['seccomp=unconfined'],
    });
  });

  it('refuses two accelerators that need different container runtimes, and gives their devices back', async () => {
    const cuda = withContainer(accelerator('cuda'), { runtime: 'nvidia' });
    const rocm = withContainer(accelerator('rocm'), { runtime: 'runc' });
    const devices = allocator([cuda, rocm]);
    await assert.rejects(
      devices.allocate('k1', { 'cuda.device': '1', 'rocm.device': '1' }),
      /Accelerators "cuda" and "rocm" need different container runtimes \("nvidia" and "runc"\)/,
    );
    // Each alone is fine, so the refused kernel gave both devices back.
    devicesOf(await devices.allocate('k2', { 'cuda.device': '1' }));
    devicesOf(await devices.allocate('k3', { 'rocm.device': '1' }));
  });

  it('releases a kernel everywhere, idempotently', async () => {
    const devices = allocator([accelerator('cuda')]);
    devicesOf(await devices.allocate('k1', { 'cuda.device': '1' }));
    await devices.release('k1');
    await devices.release('k1');
    devicesOf(await devices.allocate('k2', { 'cuda.device': '1' }));
    expect(failureOf(await devices.allocate('k3', { 'cuda.device': '1' }))).to.match(/^Insufficient/);
  });

  it("restores a recovered kernel's allocation into the map, so the device is not handed out twice", async () => {
    const devices = allocator([accelerator('cuda')]);
    await devices.restore('recovered', { 'cuda.device': { 'cuda-0': '1' } });
    expect(failureOf(await devices.allocate('k2', { 'cuda.device': '1' }))).to.equal(
      'Insufficient "cuda.device" on cuda: asked for 1, 0 available',
    );
    await devices.release('recovered');
    devicesOf(await devices.allocate('k3', { 'cuda.device': '1' }));
  });

  it('restores fractional shares and accelerators without a map together', async () => {
    const rocm = accelerator('rocm');
    const devices = allocator([accelerator('cuda', 2, FRACTIONAL), withoutMap(rocm)]);
    await devices.restore('recovered', {
      'cuda.shares': { 'cuda-0': '3.5', 'cuda-1': '0.5' },
      'rocm.device': { 'rocm-0': '1' },
    });
    expect(failureOf(await devices.allocate('k1', { 'cuda.shares': '4.1' }))).to.match(/4 available/);
    expect(await rocm.allocate('probe', { 'rocm.device': '1' })).to.equal(null);
    await devices.release('recovered');
    devicesOf(await devices.allocate('k2', { 'cuda.shares': '8', 'rocm.device': '1' }));
  });

  it('refuses to restore devices of a slot nobody owns, a device the map does not have, or more than it holds', async () => {
    const devices = allocator([accelerator('cuda', 1, FRACTIONAL)]);
    await assert.rejects(
      devices.restore('k1', { 'tpu.device': { 'tpu-0': '1' } }),
      /no accelerator owns slot tpu.device/,
    );
    await assert.rejects(
      devices.restore('k1', { 'cuda.shares': { 'cuda-9': '1' } }),
      /Slot "cuda.shares": device "cuda-9" is not one of its devices \(cuda-0\)/,
    );
    await assert.rejects(devices.restore('k1', { 'cuda.shares': { 'cuda-0': '5' } }), /cannot hold it/);
    // Nothing was taken by the refused restores.
    devicesOf(await devices.allocate('k2', { 'cuda.shares': '4' }));
  });

  it('refuses to restore through an accelerator without a map that cannot, so the agent ends the kernel', async () => {
    const devices = allocator([accelerator('cuda'), withoutMap(accelerator('rocm'), { restore: undefined })]);
    await assert.rejects(
      devices.restore('k1', { 'cuda.device': { 'cuda-0': '1' }, 'rocm.device': { 'rocm-0': '1' } }),
      /accelerator rocm cannot restore allocations/,
    );
    devicesOf(await devices.allocate('k2', { 'cuda.device': '1' }));
  });

  it('gives back what it restored into the maps when an accelerator without a map fails to restore', async () => {
    const failing = withoutMap(accelerator('rocm'), {
      restore: () => Promise.reject(new Error('rocm-0 is gone')),
    });
    const devices = allocator([accelerator('cuda'), failing]);
    await assert.rejects(
      devices.restore('k1', { 'cuda.device': { 'cuda-0': '1' }, 'rocm.device': { 'rocm-0': '1' } }),
      /rocm-0 is gone/,
    );
    devicesOf(await devices.allocate('k2', { 'cuda.device': '1' }));
  });

  it('fails every allocation when a map cannot be built, and still releases without error', async () => {
    const broken = Object.assign(Object.create(accelerator('cuda')) as Accelerator, {
      createAllocMap: () => {
        throw new Error('cuda: the driver went away');
      },
    });
    const devices = allocator([broken]);
    await assert.rejects(devices.allocate('k1', { 'cuda.device': '1' }), /the driver went away/);
    await assert.rejects(devices.restore('k0', { 'cuda.device': { 'cuda-0': '1' } }), /the driver went away/);
    await devices.release('k1');
  });
});
