import { expect } from 'chai';
import { createLogger, DiscreteAllocMap, type Logger } from '@tessera/core';
import { describeAcceleratorConformance } from '@tessera/core/testing';
import { RocmAccelerator, parseRocmSmiJson, type RocmAcceleratorConfig } from '@tessera/accelerator-rocm';
import { RecordingLogger } from '../../support/recording-logger';
import { acceleratorFixture, recordedRunner, type RecordedAnswer } from '../accelerator-cuda/recorded-runner';

const MI210 = acceleratorFixture('rocm-smi', 'mi210-x2-rocm6');
const RADEON = acceleratorFixture('rocm-smi', 'radeon-rocm5');
const INVENTORY = '--showid --showuniqueid --showproductname --showmeminfo vram --showbus --json';
const MEASURES = '--showuse --showmeminfo vram --showbus --json';
const RECORDED: Record<string, RecordedAnswer> = {
  [INVENTORY]: 'inventory.json',
  [MEASURES]: 'measures.json',
  '--showdriverversion --json': 'driver-version.json',
};
const silent = createLogger({ level: 'silent' });

function rocmConfig(folder: string, config: Partial<RocmAcceleratorConfig> = {}): RocmAcceleratorConfig {
  return {
    deviceMask: [],
    rocmSmiPath: 'rocm-smi',
    devRoot: `${folder}/dev`,
    sysfsRoot: `${folder}/sysfs`,
    ...config,
  };
}

async function recordedRocm(
  folder: string,
  options: {
    config?: Partial<RocmAcceleratorConfig>;
    answers?: Record<string, RecordedAnswer>;
    log?: Logger;
  } = {},
) {
  const runner = recordedRunner(folder, options.answers ?? RECORDED);
  const accelerator = await RocmAccelerator.discover({
    config: rocmConfig(folder, options.config),
    packageVersion: '0.1.0',
    log: options.log ?? silent,
    run: runner.run,
  });
  return { accelerator, calls: runner.calls };
}

describeAcceleratorConformance('rocm (recorded: 2x MI210)', async () => ({
  accelerator: (await recordedRocm(MI210)).accelerator,
}));
describeAcceleratorConformance('rocm (recorded: Radeon RX 7900 XTX, ROCm 5 keys)', async () => ({
  accelerator: (await recordedRocm(RADEON, { answers: { [INVENTORY]: 'inventory.json' } })).accelerator,
}));

describe('accelerator-rocm: recorded rocm-smi outputs', () => {
  it('lists the GPUs by PCI bus with model, VRAM and NUMA node', async () => {
    const { accelerator } = await recordedRocm(MI210);
    expect(await accelerator.listDevices()).to.deep.equal([
      {
        deviceId: '0000:03:00.0',
        hwLocation: '0000:03:00.0',
        memorySize: 68702699520,
        processingUnits: 0,
        numaNode: 0,
        modelName: 'AMD Instinct MI210',
      },
      {
        deviceId: '0000:c3:00.0',
        hwLocation: '0000:c3:00.0',
        memorySize: 68702699520,
        processingUnits: 0,
        numaNode: 1,
        modelName: 'AMD Instinct MI210',
      },
    ]);
    expect(accelerator.slotTypes).to.deep.equal({ 'rocm.device': 'count' });
    expect(accelerator.exclusiveSlotTypes).to.deep.equal(['rocm.device']);
    expect(await accelerator.availableSlots()).to.deep.equal({ 'rocm.device': '2' });
    expect(accelerator.extraInfo()).to.deep.equal({ rocm_support: true, driver_version: '6.3.6' });
    expect(accelerator.createAllocMap()).to.be.instanceOf(DiscreteAllocMap);
  });

  it('reads the ROCm 5 key names (Card series, GPU ID) and a GPU without Unique ID', async () => {
    const cards = parseRocmSmiJson(
      '{"card0": {"GPU ID": "0x744c", "Unique ID": "N/A", "Card series": "Navi 31", "VRAM Total Memory (B)": "25753026560", "PCI Bus": "0000:2D:00.0"}, "system": {"Driver version": "6.2.4"}}',
    );
    expect(cards).to.deep.equal([
      {
        index: 0,
        pciBus: '0000:2d:00.0',
        name: 'Navi 31',
        deviceId: '0x744c',
        uniqueId: null,
        vramTotal: 25753026560,
        vramUsed: null,
        utilization: null,
      },
    ]);
    expect(() => parseRocmSmiJson('ERROR: GPU[0] : Unable to read')).to.throw(/rocm-smi --json: not JSON/);
  });

  it('gives a container /dev/kfd and the allocated GPUs render nodes (rwm), video and render, seccomp unconfined', async () => {
    const { accelerator } = await recordedRocm(MI210);
    const allocation = await accelerator.allocate('k1', { 'rocm.device': '1' });
    const [deviceId] = Object.keys(allocation!['rocm.device']!);
    const args = await accelerator.kernelArgs(allocation!);
    const render = deviceId === '0000:03:00.0' ? 'renderD128' : 'renderD129';
    const uuid = deviceId === '0000:03:00.0' ? 'GPU-5c2b8e914a7d36f0' : 'GPU-a31f07c62de94b58';
    expect(args.container).to.deep.equal({
      devices: [
        { pathOnHost: `${MI210}/dev/kfd`, pathInContainer: `${MI210}/dev/kfd`, cgroupPermissions: 'rwm' },
        {
          pathOnHost: `${MI210}/dev/dri/${render}`,
          pathInContainer: `${MI210}/dev/dri/${render}`,
          cgroupPermissions: 'rwm',
        },
      ],
      groupAdd: ['video', 'render'],
      securityOpt: ['seccomp=unconfined'],
    });
    expect(args.environ).to.deep.equal({ ROCR_VISIBLE_DEVICES: uuid });
    expect(args.resourceData).to.deep.equal({ ROCM_GLOBAL_DEVICE_IDS: `0:${deviceId}` });
    expect(args.attachedDevices).to.deep.equal([
      { deviceId, modelName: 'AMD Instinct MI210', data: { smp: 0, mem: 68702699520 } },
    ]);
  });

  it('without sysfs, the n-th GPU gets renderD(128+n), and no ROCR_VISIBLE_DEVICES without a Unique ID', async () => {
    const { accelerator } = await recordedRocm(RADEON, { answers: { [INVENTORY]: 'inventory.json' } });
    const args = await accelerator.kernelArgs({ 'rocm.device': { '0000:2d:00.0': '1' } });
    expect(args.container?.devices?.map((d) => d.pathOnHost)).to.deep.equal([
      `${RADEON}/dev/kfd`,
      `${RADEON}/dev/dri/renderD128`,
    ]);
    expect(args.environ).to.deep.equal({});
    expect(accelerator.extraInfo()).to.deep.equal({ rocm_support: true, driver_version: null });
  });

  it('leaves masked GPUs out, and refuses a second kernel on the only free GPU from the refused side', async () => {
    const { accelerator } = await recordedRocm(MI210, { config: { deviceMask: ['0000:C3:00.0'] } });
    expect((await accelerator.listDevices()).map((d) => d.deviceId)).to.deep.equal(['0000:03:00.0']);
    expect(await accelerator.allocate('a', { 'rocm.device': '1' })).to.deep.equal({
      'rocm.device': { '0000:03:00.0': '1' },
    });
    expect(await accelerator.allocate('b', { 'rocm.device': '1' })).to.equal(null);
    await accelerator.release('a');
    expect(await accelerator.allocate('b', { 'rocm.device': '1' })).to.not.equal(null);
  });

  it('restores a running kernel so its GPU is not handed out twice', async () => {
    const { accelerator } = await recordedRocm(MI210);
    await accelerator.restore('running', { 'rocm.device': { '0000:03:00.0': '1' } });
    expect(await accelerator.allocate('a', { 'rocm.device': '1' })).to.deep.equal({
      'rocm.device': { '0000:c3:00.0': '1' },
    });
    expect(await accelerator.allocate('b', { 'rocm.device': '1' })).to.equal(null);
    const refused = await accelerator
      .restore('other', { 'rocm.device': { '0000:99:00.0': '1' } })
      .catch((e: unknown) => e);
    expect(String(refused)).to.contain('0000:99:00.0');
  });

  it('measures rocm_mem and rocm_util per GPU and for the node', async () => {
    const { accelerator } = await recordedRocm(MI210);
    const [mem, util] = await accelerator.gatherNodeMeasures();
    expect(mem).to.deep.include({ key: 'rocm_mem', type: 'gauge', unitHint: 'bytes' });
    expect(mem!.perDevice).to.deep.equal({
      '0000:03:00.0': { value: 34359738368, capacity: 68702699520 },
      '0000:c3:00.0': { value: 10960896, capacity: 68702699520 },
    });
    expect(util).to.deep.include({ key: 'rocm_util', type: 'utilization', unitHint: 'percent' });
    expect(util!.perDevice).to.deep.equal({
      '0000:03:00.0': { value: 64, capacity: 100 },
      '0000:c3:00.0': { value: 0, capacity: 100 },
    });
    expect(util!.perNode).to.deep.equal({ value: 64, capacity: 200 });
  });

  it('without /dev/kfd: no devices, said once, rocm-smi not even asked', async () => {
    const log = new RecordingLogger();
    const { accelerator, calls } = await recordedRocm(MI210, {
      log,
      config: { devRoot: '/nonexistent/dev' },
    });
    expect(await accelerator.listDevices()).to.deep.equal([]);
    expect(await accelerator.availableSlots()).to.deep.equal({ 'rocm.device': '0' });
    expect(await accelerator.gatherNodeMeasures()).to.deep.equal([]);
    expect(calls).to.deep.equal([]);
    expect(log.lines.filter((l) => l.message.startsWith('no AMD GPUs found'))).to.have.length(1);
    expect(log.messages('info')[0]).to.contain('/nonexistent/dev/kfd does not exist');
  });

  it('without rocm-smi: no devices, said once', async () => {
    const log = new RecordingLogger();
    const accelerator = await RocmAccelerator.discover({
      config: rocmConfig(MI210, { rocmSmiPath: '/nonexistent/bin/rocm-smi' }),
      packageVersion: '0.1.0',
      log,
    });
    expect(await accelerator.listDevices()).to.deep.equal([]);
    expect(accelerator.extraInfo()).to.deep.equal({ rocm_support: false, driver_version: null });
    expect(log.messages('info')).to.deep.equal([
      'no AMD GPUs found: /nonexistent/bin/rocm-smi was not found (not installed, or not on PATH); rocm offers no devices',
    ]);
  });

  it('when rocm-smi fails: a warning naming the command and its message', async () => {
    const log = new RecordingLogger();
    const { accelerator } = await recordedRocm(MI210, {
      log,
      answers: {
        [INVENTORY]: {
          exitCode: 2,
          stderr: 'ERROR:root:Driver not initialized (amdgpu not found in modules)\n',
        },
      },
    });
    expect(await accelerator.listDevices()).to.deep.equal([]);
    expect(log.messages('warn')).to.have.length(1);
    expect(log.messages('warn')[0]).to.match(
      /rocm-smi --showid .* exited with 2: ERROR:root:Driver not initialized/,
    );
  });
});
