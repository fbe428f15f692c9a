import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { TesseraError } from '@tessera/core';
import {
  BUSYBOX_IMAGE,
  DockerTestBench,
  dockerKernelSpec,
  KernelConsole,
  NO_EXTRA,
} from './docker-test-support';

/** The TesseraError a creation failed with. */
async function creationFailure(creation: Promise<unknown>): Promise<TesseraError> {
  return creation.then(
    () => expect.fail('the kernel was created'),
    (error: unknown) => {
      expect(error).to.be.instanceOf(TesseraError);
      return error as TesseraError;
    },
  );
}

describe('docker backend: a creation that fails leaves nothing behind', function () {
  this.timeout(90_000);
  let bench: DockerTestBench;

  beforeEach(async () => {
    bench = await DockerTestBench.open([31600, 31699]);
  });
  afterEach(async () => {
    await bench?.cleanUp();
  });

  async function expectNothingLeft(): Promise<void> {
    expect(await bench.containers()).to.deep.equal([]);
    expect(await bench.networks()).to.deep.equal([]);
    expect(readdirSync(bench.scratchRoot)).to.deep.equal([]);
  }

  it('times out a runner that is not ready in time (session-start-timeout) and undoes every step', async () => {
    const backend = bench.backend({ readyTimeout: 3 });
    const error = await creationFailure(
      backend.createKernel(dockerKernelSpec({ bootstrapScript: 'echo slow start; sleep 60' }), NO_EXTRA),
    );
    expect(error.code).to.equal('session-start-timeout');
    expect(error.details.containerLog).to.include('slow start');
    await expectNothingLeft();
  });

  it('fails a container the engine refuses (a mount source that does not exist) with session-start-failed', async () => {
    const backend = bench.backend();
    const missing = join(bench.scratchRoot, '..', `no-such-folder-${randomUUID()}`);
    const error = await creationFailure(
      backend.createKernel(
        dockerKernelSpec({
          mounts: [{ hostPath: missing, kernelPath: '/home/work/data', permission: 'rw' }],
        }),
        NO_EXTRA,
      ),
    );
    expect(error.code).to.equal('session-start-failed');
    expect(error.message).to.include(missing);
    await expectNothingLeft();
  });

  it('fails a kernel whose container exits before it is ready, with its log', async () => {
    const backend = bench.backend();
    const error = await creationFailure(
      backend.createKernel(
        dockerKernelSpec({
          image: BUSYBOX_IMAGE,
          bootstrapScript: 'echo giving up; kill -TERM $PPID; sleep 5',
        }),
        NO_EXTRA,
      ),
    );
    expect(error.code).to.equal('session-start-failed');
    expect(error.details.containerLog).to.include('giving up');
    await expectNothingLeft();
  });

  it('names the missing image (image-not-found) and makes nothing', async () => {
    const backend = bench.backend();
    const image = `tessera-test/no-such-image-${randomUUID()}:1`;
    const error = await creationFailure(backend.createKernel(dockerKernelSpec({ image }), NO_EXTRA));
    expect(error.code).to.equal('image-not-found');
    expect(error.message).to.include(image);
    await expectNothingLeft();
  });

  it('replaces a stale container of its own scope under the kernel name instead of making a second one', async () => {
    const crashed = bench.backend();
    const spec = dockerKernelSpec({ image: BUSYBOX_IMAGE });
    const first = await crashed.createKernel(spec, NO_EXTRA);
    crashed.close();
    const backend = bench.backend();
    const second = await backend.createKernel(spec, NO_EXTRA);
    expect(second.containerId).not.to.equal(first.containerId);
    expect((await bench.containers()).map((c) => c.Id)).to.deep.equal([second.containerId]);
    expect((await new KernelConsole(second).run('echo fresh', 'exec')).stdout).to.equal('fresh\n');
    expect(existsSync(join(bench.scratchRoot, spec.kernelId, 'config', 'kernel.json'))).to.equal(true);
    await backend.destroyKernel(spec.kernelId, 'test-finished');
    await expectNothingLeft();
  });
});
