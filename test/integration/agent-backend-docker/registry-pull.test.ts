import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { requireServices } from '../../support/halfstack';
import { pushImage, removeLocalImages, uniqueProject } from '../../support/registry-images';
import { DockerTestBench, dockerKernelSpec, KernelConsole, NO_EXTRA } from './docker-test-support';

/**
 * A kernel whose image the engine does not have: pulled from the configured registry (the
 * halfstack's, on 127.0.0.1:8130) before the container is made, or refused with image-not-found
 * naming the image when there is no registry or the registry does not have it.
 */
describe('docker backend: kernel images pulled from the configured registry', function () {
  this.timeout(120_000);
  let bench: DockerTestBench;
  let registryUrl: string;
  let registryHost: string;
  const project = uniqueProject();
  /** Short names (no registry host): the configured registry is where they are pulled from. */
  const shortName = `${project}/busybox:pulled`;
  let fullName: string;

  before(async () => {
    ({ registry: registryUrl } = await requireServices(['docker', 'registry']));
    registryHost = new URL(registryUrl).host;
    fullName = `${registryHost}/${project}/busybox:full`;
    bench = await DockerTestBench.open([31950, 31979]);
    await pushImage(`${registryHost}/${shortName}`, { 'tessera.test.pulled': 'yes' });
    await pushImage(fullName, { 'tessera.test.pulled': 'full' });
  });
  afterEach(() => removeLocalImages(shortName, `${registryHost}/${shortName}`, fullName));
  after(async () => {
    await bench?.cleanUp();
  });

  const busyboxSpec = (image: string) => dockerKernelSpec({ image, sessionType: 'batch' });

  async function imageLabel(name: string): Promise<string | undefined> {
    const info = await bench.docker.getImage(name).inspect();
    return info.Config.Labels?.['tessera.test.pulled'];
  }

  it('pulls a missing image by its short name from the registry, tags it so, and runs the kernel', async () => {
    const backend: DockerBackend = bench.backend({ registry: { url: registryUrl } });
    await bench.docker
      .getImage(shortName)
      .inspect()
      .then(
        () => expect.fail(`${shortName} should not be on the engine before the test`),
        () => undefined,
      );
    const kernel = await backend.createKernel(busyboxSpec(shortName), NO_EXTRA);
    try {
      expect(await imageLabel(shortName)).to.equal('yes');
      const outcome = await new KernelConsole(kernel).run('echo pulled-and-running', 'exec');
      expect(outcome).to.deep.equal({ stdout: 'pulled-and-running\n', stderr: '', exitCode: 0 });
      // The kernel's image now lists among the engine's kernel images under the name it was asked by.
      expect((await backend.scanImages()).map((image) => image.name)).to.include(shortName);
    } finally {
      await backend.destroyKernel(kernel.kernelId, 'test-finished');
    }
  });

  it('pulls an image named with its own registry host as it is named', async () => {
    const backend = bench.backend({ registry: { url: registryUrl } });
    const kernel = await backend.createKernel(busyboxSpec(fullName), NO_EXTRA);
    try {
      expect(await imageLabel(fullName)).to.equal('full');
    } finally {
      await backend.destroyKernel(kernel.kernelId, 'test-finished');
    }
  });

  it('refuses a missing image without a registry, and one the registry does not have, naming it', async () => {
    const unconfigured = bench.backend();
    const withoutRegistry = await unconfigured
      .createKernel(busyboxSpec(shortName), NO_EXTRA)
      .catch((error: unknown) => error);
    expect(withoutRegistry).to.be.instanceOf(TesseraError);
    expect(withoutRegistry).to.include({ code: 'image-not-found' });
    expect((withoutRegistry as TesseraError).message).to.contain(shortName);

    const absent = `${project}/busybox:never-pushed`;
    const withRegistry = await bench
      .backend({ registry: { url: registryUrl } })
      .createKernel(busyboxSpec(absent), NO_EXTRA)
      .catch((error: unknown) => error);
    expect(withRegistry).to.be.instanceOf(TesseraError);
    expect(withRegistry).to.include({ code: 'image-not-found' });
    expect((withRegistry as TesseraError).message).to.contain(`pulling ${registryHost}/${absent} failed`);
    // Nothing was left behind by the refused creations.
    expect(await bench.containers()).to.deep.equal([]);
  });
});
