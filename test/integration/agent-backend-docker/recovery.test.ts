import { expect } from 'chai';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  BUSYBOX_IMAGE,
  DockerTestBench,
  dockerKernelSpec,
  KernelConsole,
  NO_EXTRA,
} from './docker-test-support';

describe('docker backend: kernels outlive the agent and are found again', function () {
  this.timeout(120_000);
  let bench: DockerTestBench;

  beforeEach(async () => {
    bench = await DockerTestBench.open([31500, 31599]);
  });
  afterEach(async () => {
    await bench?.cleanUp();
  });

  it('re-attaches running kernels with their spec, devices, runner state, host ports and exit watch', async () => {
    const before = bench.backend({ cpuPinning: true });
    const devices = { 'cuda.shares': { '0': '0.5' } };
    const python = await before.createKernel(dockerKernelSpec({ environ: { KEPT: 'yes' } }), {
      ...NO_EXTRA,
      deviceAllocation: devices,
    });
    const busybox = await before.createKernel(dockerKernelSpec({ image: BUSYBOX_IMAGE }), NO_EXTRA);
    expect(await new KernelConsole(python).python('remembered = 41')).to.equal('');
    const cpuset = (await bench.docker.getContainer(python.containerId).inspect()).HostConfig.CpusetCpus;
    // The agent dies (kill -9): nothing is destroyed, its connections just go.
    before.close();

    const after = bench.backend({ cpuPinning: true });
    const recovered = await after.recoverKernels();
    expect(recovered.map((r) => r.spec.kernelId).sort()).to.deep.equal(
      [python.kernelId, busybox.kernelId].sort(),
    );
    const again = recovered.find((r) => r.spec.kernelId === python.kernelId)!;
    expect(again.deviceAllocation).to.deep.equal(devices);
    expect(again.spec.environ).to.deep.equal({ KEPT: 'yes' });
    expect(again.kernel.containerId).to.equal(python.containerId);
    expect(again.kernel.servicePorts).to.deep.equal(python.servicePorts);
    await again.kernel.runner.ready();
    expect(await new KernelConsole(again.kernel).python('print(remembered + 1)')).to.equal('42\n');
    const shell = recovered.find((r) => r.spec.kernelId === busybox.kernelId)!;
    expect((await new KernelConsole(shell.kernel).run('echo still here', 'exec')).stdout).to.equal(
      'still here\n',
    );

    await after.destroyKernel(busybox.kernelId, 'user-requested');

    // What the old process held stays held: a new kernel gets other cores and another host port.
    const fresh = await after.createKernel(dockerKernelSpec(), NO_EXTRA);
    expect(fresh.servicePorts[0].hostPorts[0]).not.to.equal(python.servicePorts[0].hostPorts[0]);
    const freshCpuset = (await bench.docker.getContainer(fresh.containerId).inspect()).HostConfig.CpusetCpus;
    expect(freshCpuset).not.to.equal(cpuset);

    // The exit watch works again: a kernel ending by itself is reported.
    again.kernel.runner.send({ op: 'code', data: 'import os\nos._exit(5)' });
    expect(await again.kernel.exited).to.equal(5);
    expect(await after.destroyKernel(python.kernelId, 'self-terminated')).to.equal(5);
    await after.destroyAll('test-finished');
    expect(await bench.containers()).to.deep.equal([]);
    expect(await bench.networks()).to.deep.equal([]);
  });

  it('removes what cannot be recovered: exited containers, scratch without a container, unused networks', async () => {
    // Networks of their own, so that the kept kernel's network is one recovery must leave alone.
    const before = bench.backend({ singleKernelNetwork: 'session' });
    const exiting = await before.createKernel(dockerKernelSpec(), NO_EXTRA);
    const kept = await before.createKernel(dockerKernelSpec(), NO_EXTRA);
    exiting.runner.send({ op: 'code', data: 'import os\nos._exit(0)' });
    await exiting.exited;
    before.close();
    const orphan = join(bench.scratchRoot, randomUUID());
    mkdirSync(join(orphan, 'work'), { recursive: true });
    writeFileSync(join(bench.scratchRoot, 'not-a-kernel-folder.txt'), '');
    const strayNetwork = await bench.docker.createNetwork({
      Name: `tessera-${randomUUID()}`,
      Labels: { 'tessera.scope': bench.scope, 'tessera.managed': '1' },
    });

    const after = bench.backend({ singleKernelNetwork: 'session' });
    const recovered = await after.recoverKernels();
    expect(recovered.map((r) => r.spec.kernelId)).to.deep.equal([kept.kernelId]);
    expect((await bench.containers()).map((c) => c.Id)).to.deep.equal([kept.containerId]);
    expect(existsSync(join(bench.scratchRoot, exiting.kernelId))).to.equal(false);
    expect(existsSync(orphan)).to.equal(false);
    expect(existsSync(join(bench.scratchRoot, 'not-a-kernel-folder.txt'))).to.equal(true);
    expect(existsSync(join(bench.scratchRoot, kept.kernelId, 'work'))).to.equal(true);
    const networks = (await bench.networks()).map((n) => n.Id);
    expect(networks).not.to.include(strayNetwork.id);
    expect(networks).to.have.length(1);
  });

  it("never touches another scope's containers", async () => {
    const other = new DockerTestBench(bench.socketPath, [31550, 31559]);
    try {
      const theirs = await other.backend().createKernel(dockerKernelSpec({ image: BUSYBOX_IMAGE }), NO_EXTRA);
      const mine = bench.backend();
      expect(await mine.recoverKernels()).to.deep.equal([]);
      await mine.destroyKernel(theirs.kernelId, 'user-requested');
      const info = await bench.docker.getContainer(theirs.containerId).inspect();
      expect(info.State.Running).to.equal(true);
      await mine
        .createKernel(dockerKernelSpec({ kernelId: theirs.kernelId, image: BUSYBOX_IMAGE }), NO_EXTRA)
        .then(
          () => expect.fail("a kernel was created over another agent's container"),
          (error: Error) => expect(error.message).to.match(/already exists and is not this agent's/),
        );
      expect((await bench.docker.getContainer(theirs.containerId).inspect()).State.Running).to.equal(true);
    } finally {
      await other.cleanUp();
    }
  });

  it("removes the commit images of its scope a killed agent left (docker commit done, image not yet removed), not another scope's", async () => {
    const backend = bench.backend();
    const kernel = await backend.createKernel(dockerKernelSpec({ image: BUSYBOX_IMAGE }), NO_EXTRA);
    const container = bench.docker.getContainer(kernel.containerId);
    // What the agent had done when it died: committed the container (the image keeps its labels).
    const ours = `tessera-commit/${kernel.kernelId}:2026-12-04T10-00-00-000Z`;
    await container.commit({ repo: `tessera-commit/${kernel.kernelId}`, tag: '2026-12-04T10-00-00-000Z' });
    // Another agent's (another scope) commit on the same engine, still under way.
    const theirs = `tessera-commit/${randomUUID()}:2026-12-04T10-00-00-000Z`;
    await container.commit({
      repo: theirs.split(':')[0],
      tag: '2026-12-04T10-00-00-000Z',
      changes: ['LABEL tessera.scope=another-agent'],
    });
    try {
      backend.close();
      const after = bench.backend();
      await after.recoverKernels();
      const tags = (await bench.docker.listImages()).flatMap((image) => image.RepoTags ?? []);
      expect(tags).to.not.include(ours);
      expect(tags).to.include(theirs);
    } finally {
      await bench.docker
        .getImage(theirs)
        .remove()
        .catch(() => undefined);
      await bench.docker
        .getImage(ours)
        .remove()
        .catch(() => undefined);
    }
  });
});
