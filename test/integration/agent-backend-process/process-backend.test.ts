import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type BackendKernel, type RunnerMessage } from '@tessera/core';
import { ProcessBackend, type ProcessBackendSettings } from '@tessera/agent-backend-process';
import { eventually } from '../../support/eventually';
import { kernelSpec, processExists } from '../../support/kernel-spec';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shipped = require('@tessera/agent-backend-process/package.json') as {
  tessera: { configSchema: { properties: { images: { default: ProcessBackendSettings['images'] } } } };
};

/** Sends a snippet to a kernel's runner and resolves with its output once it finishes. */
function run(kernel: BackendKernel, code: string): Promise<string> {
  return new Promise((resolve) => {
    let output = '';
    kernel.runner.onMessage((message: RunnerMessage) => {
      if (message.op === 'stdout' || message.op === 'stderr') output += String(message.data);
      if (message.op === 'finished') resolve(output);
    });
    kernel.runner.send({ op: 'code', data: code });
  });
}

describe('process backend: kernels as host processes (real python3)', function () {
  this.timeout(20000);
  let workRoot: string;
  let logs: Array<Record<string, unknown>>;
  let backend: ProcessBackend;

  function makeBackend(overrides: Partial<ProcessBackendSettings> = {}): ProcessBackend {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        done();
      },
    });
    return new ProcessBackend(
      {
        images: shipped.tessera.configSchema.properties.images.default,
        workRoot,
        readyTimeout: 10,
        exitGracePeriod: 0.3,
        terminateGracePeriod: 0.3,
        keepScratch: false,
        ...overrides,
      },
      createLogger({ level: 'debug', format: 'json', destination }),
    );
  }

  beforeEach(() => {
    workRoot = mkdtempSync(join(tmpdir(), 'tessera-scratch-'));
    logs = [];
    backend = makeBackend();
  });
  afterEach(async () => {
    await backend.destroyAll('test finished');
    rmSync(workRoot, { recursive: true, force: true });
  });

  it('reports the images whose runtime exists here, with the resolved runtime path', async () => {
    backend = makeBackend({
      images: {
        ...shipped.tessera.configSchema.properties.images.default,
        'ghost:1': { runtimeType: 'python', runtimePath: 'no-such-python-anywhere', labels: {} },
      },
    });
    const images = await backend.scanImages();
    expect(images.map((i) => i.name)).to.deep.equal(['python:3']);
    const labels = images[0]!.labels;
    expect(labels).to.include({
      'ai.backend.runtime-type': 'python',
      'ai.backend.features': 'query batch uid-match user-input',
    });
    expect(labels['ai.backend.runtime-path']).to.match(/^\/.*python3$/);
    const skipped = logs.find((l) => l.msg === 'image skipped: runtime not found on this host');
    expect(skipped).to.include({ image: 'ghost:1', runtimePath: 'no-such-python-anywhere' });
  });

  it('starts a kernel in its scratch directory with environ.txt and resource.txt', async () => {
    const spec = kernelSpec({ environ: { GREETING: 'hi' } });
    const kernel = await backend.createKernel(spec, {
      environ: { BACKENDAI_MOCK_CUDA_DEVICES: 'gpu-0' },
      resourceData: { CUDA_GLOBAL_DEVICE_IDS: '0:gpu-0' },
      deviceAllocation: {},
    });
    const workDir = join(workRoot, spec.kernelId, 'work');
    const output = await run(
      kernel,
      'import os\nprint(os.getcwd())\nprint(os.environ["HOME"], os.environ["GREETING"], os.environ["BACKENDAI_KERNEL_ID"], os.environ["BACKENDAI_MOCK_CUDA_DEVICES"])',
    );
    expect(output).to.equal(`${workDir}\n${workDir} hi ${spec.kernelId} gpu-0\n`);
    const environ = readFileSync(join(workRoot, spec.kernelId, 'config', 'environ.txt'), 'utf8');
    expect(environ).to.contain(`BACKENDAI_SESSION_ID=${spec.sessionId}\n`);
    const resource = readFileSync(join(workRoot, spec.kernelId, 'config', 'resource.txt'), 'utf8');
    expect(resource).to.contain('CUDA_GLOBAL_DEVICE_IDS=0:gpu-0\n');
    expect(resource).to.contain(`SLOTS=${JSON.stringify(spec.resourceSlots)}\n`);
    expect(kernel.containerId).to.equal(String(Number(kernel.containerId)));
  });

  it('destroys a kernel with everything it started, removes its scratch space, and is idempotent', async () => {
    const spec = kernelSpec();
    const kernel = await backend.createKernel(spec, { environ: {}, resourceData: {}, deviceAllocation: {} });
    const childPid = Number(
      (await run(kernel, 'import subprocess\np = subprocess.Popen(["sleep", "60"])\nprint(p.pid)')).trim(),
    );
    const pid = Number(kernel.containerId);
    expect(processExists(pid)).to.equal(true);
    expect(processExists(childPid)).to.equal(true);
    expect(await backend.destroyKernel(spec.kernelId, 'user-requested')).to.equal(0);
    expect(processExists(pid)).to.equal(false);
    await eventually(() => !processExists(childPid), 'the kernel child to be killed');
    expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
    expect(await backend.destroyKernel(spec.kernelId, 'user-requested')).to.equal(null);
  });

  it('escalates to SIGKILL when a kernel ignores the exit request and SIGTERM', async () => {
    const spec = kernelSpec();
    const kernel = await backend.createKernel(spec, { environ: {}, resourceData: {}, deviceAllocation: {} });
    kernel.runner.send({
      op: 'code',
      data: 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("stubborn", flush=True)\ntime.sleep(60)',
    });
    await new Promise<void>((resolve) => kernel.runner.onMessage((m) => m.op === 'stdout' && resolve()));
    const began = Date.now();
    expect(await backend.destroyKernel(spec.kernelId, 'user-requested')).to.equal(128 + 9);
    expect(Date.now() - began).to.be.within(500, 5000);
    expect(processExists(Number(kernel.containerId))).to.equal(false);
  });

  it('reports a kernel that ends by itself through `exited`', async () => {
    const kernel = await backend.createKernel(kernelSpec(), { environ: {}, resourceData: {}, deviceAllocation: {} });
    kernel.runner.send({ op: 'code', data: 'import os\nos._exit(3)' });
    expect(await kernel.exited).to.equal(3);
  });

  it('refuses an image it does not have', async () => {
    let error: unknown;
    await backend
      .createKernel(kernelSpec({ image: 'cobol:1' }), { environ: {}, resourceData: {}, deviceAllocation: {} })
      .catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'image-not-found');
  });

  it('fails, and cleans up, when the runtime cannot run the runner', async () => {
    backend = makeBackend({
      images: { 'broken:1': { runtimeType: 'python', runtimePath: 'false', labels: {} } },
    });
    const spec = kernelSpec({ image: 'broken:1' });
    let error: unknown;
    await backend.createKernel(spec, { environ: {}, resourceData: {}, deviceAllocation: {} }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'session-start-failed');
    expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
  });
});
