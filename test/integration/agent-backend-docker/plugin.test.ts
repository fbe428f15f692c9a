import { expect } from 'chai';
import { join } from 'node:path';
import type { AgentBackend, NamedRegistry } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { defaultScope } from '@tessera/agent-backend-docker';
import {
  BUSYBOX_IMAGE,
  DockerTestBench,
  dockerKernelSpec,
  KernelConsole,
  NO_EXTRA,
  PYTHON_IMAGE,
} from './docker-test-support';

describe('docker backend: the plugin in a deployment', function () {
  this.timeout(60_000);
  let bench: DockerTestBench;
  const kernels: TestKernel[] = [];

  beforeEach(async () => {
    bench = await DockerTestBench.open([31700, 31799]);
  });
  afterEach(async () => {
    for (const kernel of kernels.splice(0)) await kernel.stop();
    await bench?.cleanUp();
  });

  async function boot(config: Record<string, unknown>): Promise<AgentBackend> {
    const test = await bootTestKernel({
      roles: ['agent'],
      plugins: [
        { package: '@tessera/agent-backend-docker', config: { socketPath: bench.socketPath, ...config } },
      ],
    });
    kernels.push(test);
    return test.kernel.resolve<NamedRegistry<AgentBackend>>('agent-backend').require('docker');
  }

  it("defaults the scope to the node id with the scratch root's digest, and the scratch root to the plugin's data folder", async () => {
    const backend = await boot({ portRange: [31700, 31749] });
    const kernel = await backend.createKernel(dockerKernelSpec({ image: BUSYBOX_IMAGE }), NO_EXTRA);
    try {
      const info = await bench.docker.getContainer(kernel.containerId).inspect();
      const scratchRoot = join(kernels[0].dataDir, 'agent-backend-docker', 'scratches');
      expect(info.Config.Labels['tessera.scope']).to.equal(defaultScope('test-node', scratchRoot));
      expect(defaultScope('test-node', scratchRoot)).to.match(/^test-node-[0-9a-f]{10}$/);
      expect(defaultScope('test-node', `${scratchRoot}-other`)).to.not.equal(
        defaultScope('test-node', scratchRoot),
      );
      const work = info.Mounts.find((m) => m.Destination === '/home/work')!.Source;
      expect(work).to.equal(join(scratchRoot, kernel.kernelId, 'work'));
    } finally {
      await backend.destroyKernel(kernel.kernelId, 'test-finished');
    }
  });

  it('leaves kernels running when the agent stops, and the next start recovers them', async () => {
    const config = { scope: bench.scope, scratchRoot: bench.scratchRoot, portRange: [31750, 31799] };
    const first = await boot(config);
    const kernel = await first.createKernel(dockerKernelSpec({ image: BUSYBOX_IMAGE }), NO_EXTRA);
    await kernels.pop()!.stop();
    expect((await bench.docker.getContainer(kernel.containerId).inspect()).State.Running).to.equal(true);

    const second = await boot(config);
    const [recovered] = await second.recoverKernels();
    expect(recovered.kernel.containerId).to.equal(kernel.containerId);
    expect((await new KernelConsole(recovered.kernel).run('echo back', 'exec')).stdout).to.equal('back\n');
    expect(await second.destroyKernel(kernel.kernelId, 'test-finished')).to.equal(0);
  });

  it('reaches the runner of a kernel whose socket path is longer than a socket address holds', async () => {
    // Deep data folders are common (mkdtemp under /tmp plus the plugin's own folders): the host
    // side of the runner's socket can pass the 108 bytes of sun_path.
    const scratchRoot = join(bench.scratchRoot, 'a-data-folder-deep-enough'.repeat(3), 'scratches');
    const backend = await boot({ scope: bench.scope, scratchRoot, portRange: [31700, 31749] });
    const spec = dockerKernelSpec({ image: PYTHON_IMAGE });
    expect(Buffer.byteLength(join(scratchRoot, spec.kernelId, 'ipc', 'runner.sock'))).to.be.greaterThan(108);
    const kernel = await backend.createKernel(spec, NO_EXTRA);
    try {
      expect(await new KernelConsole(kernel).python('print(6 * 7)')).to.equal('42\n');
    } finally {
      await backend.destroyKernel(kernel.kernelId, 'test-finished');
    }
  });
});
