import { expect } from 'chai';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { CudaAccelerator } from '@tessera/accelerator-cuda';
import { RecordingLogger } from '../support/recording-logger';
import {
  DockerTestBench,
  KernelConsole,
  dockerKernelSpec,
} from '../integration/agent-backend-docker/docker-test-support';

/**
 * `npm run test:gpu`: the cuda plugin against the host's real NVIDIA GPUs. It finds them with the
 * real nvidia-smi, allocates one to a kernel of the Docker backend and checks that nvidia-smi inside
 * the container sees that GPU and no other. On a host without NVIDIA GPUs every test is skipped,
 * saying why. A GPU host needs the NVIDIA driver and the NVIDIA container toolkit for Docker.
 */
describe('cuda on real GPUs (npm run test:gpu)', function () {
  this.timeout(300_000);
  let accelerator: CudaAccelerator;
  let bench: DockerTestBench | undefined;
  let backend: DockerBackend | undefined;

  before(async function () {
    const log = new RecordingLogger();
    accelerator = await CudaAccelerator.discover({
      config: {
        allocationMode: 'discrete',
        sharesPerDevice: 1,
        quantumSize: '0.1',
        deviceMask: [],
        nvidiaSmiPath: process.env.NVIDIA_SMI ?? 'nvidia-smi',
        mpsControlPath: 'nvidia-cuda-mps-control',
        sysfsRoot: '/sys',
      },
      packageVersion: '0.0.0',
      log,
    });
    if ((await accelerator.listDevices()).length === 0) {
      const reason = log.lines.find((l) => l.message.startsWith('no NVIDIA GPUs found'))?.message;
      console.log(
        `\n    SKIPPED: this host has no NVIDIA GPU the cuda plugin can use (${reason ?? 'none listed'}).\n`,
      );
      this.skip();
    }
    bench = await DockerTestBench.open([31800, 31849]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
  });

  it('lists the GPUs nvidia-smi reports, with a driver and CUDA version', async () => {
    const devices = await accelerator.listDevices();
    expect(devices.length).to.be.greaterThan(0);
    for (const device of devices) expect(device.deviceId).to.match(/^(GPU|MIG)-/);
    expect(accelerator.extraInfo()).to.include({ cuda_support: true });
    expect(accelerator.extraInfo().nvidia_version).to.be.a('string');
  });

  it('gives a Docker kernel one GPU, and nvidia-smi inside sees that GPU only', async () => {
    // A whole GPU, or a MIG instance where every GPU is in MIG mode.
    const available = await accelerator.availableSlots();
    const name = Object.keys(available).find((slot) => available[slot] !== '0')!;
    const allocation = await accelerator.allocate('gpu-test', { [name]: '1' });
    expect(allocation, `one ${name} is free`).to.not.equal(null);
    const [deviceId] = Object.keys(allocation![name]!);
    const args = await accelerator.kernelArgs(allocation!);
    const kernel = await backend!.createKernel(dockerKernelSpec(), {
      environ: args.environ,
      resourceData: args.resourceData,
      deviceAllocation: allocation!,
      container: args.container,
    });
    const seen = await new KernelConsole(kernel).python(
      [
        'import subprocess',
        'print(subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, check=True).stdout)',
      ].join('\n'),
      60_000,
    );
    const listed = seen.match(/\(UUID: ((?:GPU|MIG)-[^)\s]+)\)/g) ?? [];
    const uuids = listed.map((entry) => entry.slice('(UUID: '.length, -1));
    // A MIG instance is listed under its GPU: the instance must be the only MIG device listed.
    const visible = deviceId!.startsWith('MIG-') ? uuids.filter((u) => u.startsWith('MIG-')) : uuids;
    expect(visible, `nvidia-smi -L inside the kernel:\n${seen}`).to.deep.equal([deviceId]);
    await accelerator.release('gpu-test');
  });
});
