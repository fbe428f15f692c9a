import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DiscreteAllocMap, FractionAllocMap } from '@tessera/core';
import { describeAcceleratorConformance } from '@tessera/core/testing';
import { MpsDaemon, NVIDIA_CAPABILITIES, mpsDirectories } from '@tessera/accelerator-cuda';
import { RecordingLogger } from '../../support/recording-logger';
import { recordedRunner } from './recorded-runner';
import { A100, A100_GPUS, A100_MIG_3G, MEASURE_QUERY, RTX4090, recordedCuda, silent } from './cuda-fixtures';

describeAcceleratorConformance('cuda (recorded: 4x A100, whole GPUs and MIG)', async () => ({
  accelerator: (await recordedCuda(A100)).accelerator,
}));
describeAcceleratorConformance('cuda (recorded: 4x A100, fractional shares and MIG)', async () => ({
  accelerator: (await recordedCuda(A100, { config: { allocationMode: 'fractional', sharesPerDevice: 2 } }))
    .accelerator,
}));
describeAcceleratorConformance('cuda (recorded: 1x RTX 4090)', async () => ({
  accelerator: (await recordedCuda(RTX4090)).accelerator,
}));

describe('accelerator-cuda: allocation and kernel arguments', () => {
  it('gives an agent a discrete map of whole GPUs and MIG slots, or a fraction map of shares', async () => {
    const discrete = (await recordedCuda(A100)).accelerator.createAllocMap();
    expect(discrete).to.be.instanceOf(DiscreteAllocMap);
    expect(discrete.slotNames()).to.have.members([
      'cuda.device',
      'cuda.device:3g.40gb-mig',
      'cuda.device:2g.20gb-mig',
      'cuda.device:1g.10gb-mig',
    ]);
    const masked = (await recordedCuda(A100, { config: { deviceMask: [A100_GPUS[1]] } })).accelerator;
    expect(
      masked
        .createAllocMap()
        .view()
        .map((u) => u.deviceId),
    ).to.not.include(A100_GPUS[1]);
    const fractional = (await recordedCuda(A100, { config: { allocationMode: 'fractional' } })).accelerator;
    expect(fractional.createAllocMap()).to.be.instanceOf(FractionAllocMap);
  });

  it('whole GPUs: CUDA_VISIBLE_DEVICES and an NVIDIA device request name exactly the allocated UUIDs', async () => {
    const { accelerator } = await recordedCuda(A100);
    const allocation = await accelerator.allocate('k1', { 'cuda.device': '2' });
    expect(allocation).to.not.equal(null);
    const ids = Object.keys(allocation!['cuda.device']!);
    expect(ids).to.have.length(2);
    const args = await accelerator.kernelArgs(allocation!);
    expect(args.environ).to.deep.equal({ CUDA_VISIBLE_DEVICES: ids.join(',') });
    expect(args.container).to.deep.equal({
      deviceRequests: [{ driver: 'nvidia', deviceIds: ids, capabilities: NVIDIA_CAPABILITIES }],
    });
    expect(NVIDIA_CAPABILITIES).to.deep.equal([['utility', 'compute', 'video', 'graphics', 'display']]);
    expect(args.resourceData).to.deep.equal({
      CUDA_GLOBAL_DEVICE_IDS: ids.map((id, i) => `${i}:${id}`).join(','),
      CUDA_RESOURCE_VIRTUALIZED: '0',
    });
  });

  it('a MIG slot: the instance UUID is the visible device and the device request', async () => {
    const { accelerator } = await recordedCuda(A100);
    const allocation = await accelerator.allocate('k1', { 'cuda.device:3g.40gb-mig': '1' });
    expect(allocation).to.deep.equal({ 'cuda.device:3g.40gb-mig': { [A100_MIG_3G]: '1' } });
    const args = await accelerator.kernelArgs(allocation!);
    expect(args.environ.CUDA_VISIBLE_DEVICES).to.equal(A100_MIG_3G);
    expect(args.container?.deviceRequests?.[0]?.deviceIds).to.deep.equal([A100_MIG_3G]);
    expect(args.attachedDevices).to.deep.equal([
      { deviceId: A100_MIG_3G, modelName: 'MIG-3g.40gb', data: { smp: 3, mem: 40 * 1024 ** 3 } },
    ]);
  });

  it('refuses whole GPUs with a MIG slot, and a second kernel on a taken MIG slot, from the refused side', async () => {
    const log = new RecordingLogger();
    const { accelerator } = await recordedCuda(A100, { log });
    expect(
      await accelerator.allocate('mixed', { 'cuda.device': '1', 'cuda.device:2g.20gb-mig': '1' }),
    ).to.equal(null);
    expect(log.lines.find((l) => l.message === 'device allocation refused')?.fields).to.include({
      kernelId: 'mixed',
    });
    expect(await accelerator.allocate('a', { 'cuda.device:2g.20gb-mig': '1' })).to.not.equal(null);
    expect(await accelerator.allocate('b', { 'cuda.device:2g.20gb-mig': '1' })).to.equal(null);
    expect(await accelerator.allocate('c', { 'cuda.device': '4' })).to.equal(null);
    expect(await accelerator.allocate('d', { 'cuda.device': '3' })).to.not.equal(null);
  });

  it("shares: MPS thread percentage and pinned memory from the share, MPS folders set and mounted, the host's IPC namespace", async () => {
    const mps = mpsDirectories('/var/lib/tessera/accelerator-cuda');
    const { accelerator } = await recordedCuda(A100, {
      config: { allocationMode: 'fractional', sharesPerDevice: 4 },
      mps,
    });
    const allocation = await accelerator.allocate('k1', { 'cuda.shares': '1' });
    const [deviceId, amount] = Object.entries(allocation!['cuda.shares']!)[0]!;
    expect(amount).to.equal('1');
    const args = await accelerator.kernelArgs(allocation!);
    expect(args.environ).to.deep.equal({
      CUDA_VISIBLE_DEVICES: deviceId,
      CUDA_MPS_ACTIVE_THREAD_PERCENTAGE: '25',
      CUDA_MPS_PINNED_DEVICE_MEM_LIMIT: '0=20480M',
      CUDA_MPS_PIPE_DIRECTORY: '/var/lib/tessera/accelerator-cuda/mps/pipe',
      CUDA_MPS_LOG_DIRECTORY: '/var/lib/tessera/accelerator-cuda/mps/log',
    });
    expect(args.container?.mounts).to.deep.equal([
      { source: mps.pipe, target: mps.pipe, readOnly: false },
      { source: mps.log, target: mps.log, readOnly: false },
    ]);
    expect(args.container?.deviceRequests?.[0]?.deviceIds).to.deep.equal([deviceId]);
    expect(args.container?.ipcMode).to.equal('host');
    expect(args.resourceData).to.include({
      CUDA_RESOURCE_VIRTUALIZED: '1',
      CUDA_MEMORY_LIMITS: `${deviceId}:${20480 * 1024 * 1024}`,
    });
  });

  it('shares spread over GPUs: one thread percentage (the largest share), memory pinned per GPU ordinal', async () => {
    const { accelerator } = await recordedCuda(A100, {
      config: { allocationMode: 'fractional', sharesPerDevice: 2, quantumSize: '0.5' },
    });
    const allocation = await accelerator.allocate('k1', { 'cuda.shares': '3' });
    const amounts = Object.values(allocation!['cuda.shares']!);
    expect(amounts.reduce((sum, a) => sum + Number(a), 0)).to.equal(3);
    const args = await accelerator.kernelArgs(allocation!);
    const largest = Math.max(...amounts.map(Number)) / 2;
    expect(args.environ.CUDA_MPS_ACTIVE_THREAD_PERCENTAGE).to.equal(String(Math.floor(largest * 100)));
    expect(args.environ.CUDA_MPS_PINNED_DEVICE_MEM_LIMIT).to.equal(
      amounts.map((a, i) => `${i}=${(Number(a) / 2) * 81920}M`).join(','),
    );
    expect(args.environ).to.not.have.property('CUDA_MPS_PIPE_DIRECTORY');
    expect(args.container).to.not.have.property('ipcMode');
  });

  it('restores a running kernel after a restart so its GPU is not handed out twice; refuses an unknown GPU', async () => {
    const { accelerator } = await recordedCuda(RTX4090);
    const gpu = 'GPU-8e3d51a7-0c92-f46b-1d7e-5a2b9c84f036';
    await accelerator.restore('running', { 'cuda.device': { [gpu]: '1' }, cpu: { '0': '1' } });
    expect(await accelerator.allocate('new', { 'cuda.device': '1' })).to.equal(null);
    await accelerator.release('running');
    expect(await accelerator.allocate('new', { 'cuda.device': '1' })).to.not.equal(null);
    let refused: unknown;
    await accelerator
      .restore('other', { 'cuda.device': { 'GPU-gone': '1' } })
      .catch((e: unknown) => (refused = e));
    expect(String(refused)).to.contain('GPU-gone');
  });

  it('measures cuda_mem and cuda_util per GPU and for the node; a GPU in MIG mode has no utilization', async () => {
    const { accelerator, calls } = await recordedCuda(A100);
    const [mem, util] = await accelerator.gatherNodeMeasures();
    expect(calls.at(-1)?.args.join(' ')).to.equal(MEASURE_QUERY);
    const MIB = 1024 * 1024;
    expect(mem).to.deep.include({ key: 'cuda_mem', type: 'gauge', unitHint: 'bytes' });
    expect(mem!.perDevice[A100_GPUS[0]]).to.deep.equal({ value: 61440 * MIB, capacity: 81920 * MIB });
    expect(Object.keys(mem!.perDevice)).to.have.members([...A100_GPUS]);
    expect(mem!.perNode).to.deep.equal({ value: (61440 + 4 + 20480 + 37) * MIB, capacity: 4 * 81920 * MIB });
    expect(util).to.deep.include({ key: 'cuda_util', type: 'utilization', unitHint: 'percent' });
    expect(util!.perDevice).to.deep.equal({
      [A100_GPUS[0]]: { value: 87, capacity: 100 },
      [A100_GPUS[1]]: { value: 0, capacity: 100 },
      [A100_GPUS[2]]: { value: 42, capacity: 100 },
    });
    expect(util!.perNode).to.deep.equal({ value: 129, capacity: 300 });
  });

  it('leaves masked GPUs out of the measures', async () => {
    const { accelerator } = await recordedCuda(A100, { config: { deviceMask: [A100_GPUS[0]] } });
    const [mem] = await accelerator.gatherNodeMeasures();
    expect(Object.keys(mem!.perDevice)).to.not.include(A100_GPUS[0]);
  });
});

describe('accelerator-cuda: the MPS control daemon', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-mps-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('starts with -d and its pipe and log folders under the data folder, and stops with quit', async () => {
    const directories = mpsDirectories(dataDir);
    const runner = recordedRunner(dataDir, { '-d': { exitCode: 0 }, '': { exitCode: 0 } });
    const daemon = new MpsDaemon(runner.run, '/usr/bin/nvidia-cuda-mps-control', directories, silent);
    await daemon.start();
    expect(daemon.isRunning).to.equal(true);
    expect((await stat(directories.pipe)).isDirectory()).to.equal(true);
    expect((await stat(directories.log)).isDirectory()).to.equal(true);
    await daemon.stop();
    await daemon.stop();
    const env = {
      CUDA_MPS_PIPE_DIRECTORY: join(dataDir, 'mps', 'pipe'),
      CUDA_MPS_LOG_DIRECTORY: join(dataDir, 'mps', 'log'),
    };
    expect(runner.calls).to.deep.equal([
      { command: '/usr/bin/nvidia-cuda-mps-control', args: ['-d'], env, input: undefined },
      { command: '/usr/bin/nvidia-cuda-mps-control', args: [], env, input: 'quit\n' },
    ]);
  });

  it('a daemon that does not start fails the start, saying shares cannot be enforced', async () => {
    const runner = recordedRunner(dataDir, {
      '-d': { exitCode: 1, stderr: 'An instance of this daemon is already running\n' },
    });
    const daemon = new MpsDaemon(runner.run, 'nvidia-cuda-mps-control', mpsDirectories(dataDir), silent);
    const error = await daemon.start().catch((e: unknown) => e);
    expect(String(error)).to.match(
      /cannot start the MPS control daemon \(nvidia-cuda-mps-control -d exited with 1: An instance of this daemon is already running\); cuda.shares cannot be enforced/,
    );
    expect(daemon.isRunning).to.equal(false);
  });
});
