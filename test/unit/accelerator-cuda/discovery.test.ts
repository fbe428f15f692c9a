import { expect } from 'chai';
import {
  CommandNotFoundError,
  CudaAccelerator,
  parseGpuQuery,
  parseMigListing,
} from '@tessera/accelerator-cuda';
import { RecordingLogger } from '../../support/recording-logger';
import { A100, A100_GPUS, A100_MIG_3G, GPU_QUERY, RTX4090, cudaConfig, recordedCuda } from './cuda-fixtures';

describe('accelerator-cuda: discovery from recorded nvidia-smi outputs', () => {
  it('lists whole GPUs and the MIG instances of a GPU in MIG mode, with NUMA nodes from sysfs', async () => {
    const { accelerator, calls } = await recordedCuda(A100);
    const devices = await accelerator.listDevices();
    expect(devices.map((d) => [d.deviceId, d.numaNode, d.hwLocation])).to.deep.equal([
      [A100_GPUS[0], 0, '00000000:07:00.0'],
      [A100_GPUS[1], 0, '00000000:0F:00.0'],
      [A100_GPUS[2], 1, '00000000:87:00.0'],
      [A100_MIG_3G, 1, '00000000:90:00.0'],
      ['MIG-7e1c9b40-52a8-5d3f-8b06-c4e2a91f7d38', 1, '00000000:90:00.0'],
      ['MIG-b5f02e7d-4c19-5a86-9d3b-1e8a6c0f2b94', 1, '00000000:90:00.0'],
      ['MIG-e9a47c1b-3d60-5f28-b1c5-7a2d8e04f693', 1, '00000000:90:00.0'],
    ]);
    expect(devices[0]).to.include({ modelName: 'NVIDIA A100-SXM4-80GB', memorySize: 81920 * 1024 * 1024 });
    expect(devices[3]).to.include({
      modelName: 'MIG-3g.40gb',
      memorySize: 40 * 1024 ** 3,
      processingUnits: 3,
    });
    expect(calls.map((c) => c.args.join(' '))).to.deep.equal([GPU_QUERY, '-L', '--version']);
  });

  it('offers cuda.device for whole GPUs and a unique slot per MIG profile, exclusive of each other', async () => {
    const { accelerator } = await recordedCuda(A100);
    expect(accelerator.slotTypes).to.deep.equal({
      'cuda.device': 'count',
      'cuda.device:3g.40gb-mig': 'unique',
      'cuda.device:2g.20gb-mig': 'unique',
      'cuda.device:1g.10gb-mig': 'unique',
    });
    expect(await accelerator.availableSlots()).to.deep.equal({
      'cuda.device': '3',
      'cuda.device:3g.40gb-mig': '1',
      'cuda.device:2g.20gb-mig': '1',
      'cuda.device:1g.10gb-mig': '2',
    });
    expect(accelerator.exclusiveSlotTypes).to.deep.equal(['cuda.device:*-mig', 'cuda.device', 'cuda.shares']);
    expect(accelerator.metadata().map((m) => m.slotName)).to.have.members(Object.keys(accelerator.slotTypes));
  });

  it('reports the driver and CUDA versions in extra info', async () => {
    const { accelerator } = await recordedCuda(A100);
    expect(accelerator.extraInfo()).to.include({
      cuda_support: true,
      nvidia_version: '535.104.05',
      cuda_version: '12.2',
    });
  });

  it('reads a GPU without MIG support ([N/A]) and without NUMA (-1) without asking for MIG instances', async () => {
    const { accelerator, calls } = await recordedCuda(RTX4090);
    expect(await accelerator.listDevices()).to.deep.equal([
      {
        deviceId: 'GPU-8e3d51a7-0c92-f46b-1d7e-5a2b9c84f036',
        hwLocation: '00000000:01:00.0',
        memorySize: 24564 * 1024 * 1024,
        processingUnits: 0,
        numaNode: null,
        modelName: 'NVIDIA GeForce RTX 4090',
      },
    ]);
    expect(calls.map((c) => c.args[0])).to.not.include('-L');
    expect(accelerator.extraInfo()).to.include({ nvidia_version: '550.54.15', cuda_version: '12.4' });
  });

  it('leaves masked GPUs out, with their MIG instances, and masked MIG instances', async () => {
    const { accelerator } = await recordedCuda(A100, {
      config: { deviceMask: [A100_GPUS[0], A100_MIG_3G] },
    });
    const ids = (await accelerator.listDevices()).map((d) => d.deviceId);
    expect(ids).to.not.include(A100_GPUS[0]).and.not.include(A100_MIG_3G);
    expect(ids).to.have.length(5);
    expect(await accelerator.availableSlots()).to.include({ 'cuda.device': '2' });
    expect(accelerator.slotTypes).to.not.have.property('cuda.device:3g.40gb-mig');
    const masked = await recordedCuda(A100, { config: { deviceMask: [A100_GPUS[3]] } });
    expect((await masked.accelerator.listDevices()).map((d) => d.deviceId)).to.deep.equal(
      A100_GPUS.slice(0, 3),
    );
  });

  it('in fractional mode offers cuda.shares, sharesPerDevice per GPU; MIG instances stay unique slots', async () => {
    const { accelerator } = await recordedCuda(A100, {
      config: { allocationMode: 'fractional', sharesPerDevice: 4 },
    });
    expect(await accelerator.availableSlots()).to.deep.equal({
      'cuda.shares': '12',
      'cuda.device:3g.40gb-mig': '1',
      'cuda.device:2g.20gb-mig': '1',
      'cuda.device:1g.10gb-mig': '2',
    });
    expect(accelerator.needsMps).to.equal(true);
    expect(accelerator.metadata().find((m) => m.slotName === 'cuda.shares')).to.include({
      displayUnit: 'fGPU',
    });
  });

  it('without nvidia-smi on the host: no devices, said once', async () => {
    const log = new RecordingLogger();
    const accelerator = await CudaAccelerator.discover({
      config: cudaConfig(A100, { nvidiaSmiPath: '/nonexistent/bin/nvidia-smi' }),
      packageVersion: '0.1.0',
      log,
    });
    expect(await accelerator.listDevices()).to.deep.equal([]);
    expect(await accelerator.availableSlots()).to.deep.equal({ 'cuda.device': '0' });
    expect(accelerator.extraInfo()).to.include({ cuda_support: false, nvidia_version: null });
    expect(accelerator.needsMps).to.equal(false);
    expect(await accelerator.gatherNodeMeasures()).to.deep.equal([]);
    expect(await accelerator.allocate('k1', { 'cuda.device': '1' })).to.equal(null);
    const notices = log.lines.filter((l) => l.message.startsWith('no NVIDIA GPUs found'));
    expect(notices).to.have.length(1);
    expect(notices[0]!.level).to.equal('info');
    expect(notices[0]!.message).to.contain('/nonexistent/bin/nvidia-smi was not found');
  });

  it('when nvidia-smi fails (no driver): no devices, a warning naming the command and its message', async () => {
    const log = new RecordingLogger();
    const { accelerator } = await recordedCuda(A100, {
      log,
      answers: {
        [GPU_QUERY]: {
          exitCode: 9,
          stdout:
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
        },
      },
    });
    expect(await accelerator.listDevices()).to.deep.equal([]);
    expect(log.messages('warn')).to.have.length(1);
    expect(log.messages('warn')[0]).to.match(
      /nvidia-smi --query-gpu=.* exited with 9: NVIDIA-SMI has failed/,
    );
  });

  it('the real runner reports a missing executable as CommandNotFoundError', async () => {
    const { runCommand } = await import('@tessera/accelerator-cuda');
    const error = await runCommand('/nonexistent/bin/nvidia-smi', ['-L']).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CommandNotFoundError);
  });

  it('refuses a malformed query line, naming the line and the field count', () => {
    expect(() => parseGpuQuery('0, GPU-x, NVIDIA A100\n')).to.throw(/line 1 has 3 fields, expected 7/);
    expect(() => parseGpuQuery('zero, GPU-x, A, 1, 00000000:01:00.0, 1, Disabled\n')).to.throw(
      /index is not a whole number: "zero"/,
    );
  });

  it('reads the R450 MIG listing, whose instance UUIDs name the GPU and the instance', () => {
    const listing = [
      'GPU 0: A100-SXM4-40GB (UUID: GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f)',
      '  MIG 3g.20gb Device 0: (UUID: MIG-GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f/1/0)',
      '  MIG 1g.5gb Device 1: (UUID: MIG-GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f/7/0)',
      '',
    ].join('\n');
    expect(parseMigListing(listing)).to.deep.equal([
      {
        parentUuid: 'GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f',
        profile: '3g.20gb',
        index: 0,
        uuid: 'MIG-GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f/1/0',
      },
      {
        parentUuid: 'GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f',
        profile: '1g.5gb',
        index: 1,
        uuid: 'MIG-GPU-7a1f3c2e-5b8d-4e6a-9c0b-2d4f6a8c0e1f/7/0',
      },
    ]);
  });
});
