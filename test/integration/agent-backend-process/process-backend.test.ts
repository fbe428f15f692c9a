import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type BackendKernel, type RunnerMessage } from '@tessera/core';
import { ProcessBackend, type ProcessBackendSettings } from '@tessera/agent-backend-process';
import { consistently } from '../../support/consistently';
import { eventually } from '../../support/eventually';
import { kernelSpec, processExists } from '../../support/kernel-spec';
import { kernelProcesses } from './kernel-remains';

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
    const kernel = await backend.createKernel(kernelSpec(), {
      environ: {},
      resourceData: {},
      deviceAllocation: {},
    });
    kernel.runner.send({ op: 'code', data: 'import os\nos._exit(3)' });
    expect(await kernel.exited).to.equal(3);
  });

  it('places vfolder mounts under /home/work as links to the host folders; destroying the kernel leaves them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tessera-vfolder-'));
    try {
      writeFileSync(join(folder, 'input.txt'), 'kept\n');
      const spec = kernelSpec({
        mounts: [{ hostPath: folder, kernelPath: '/home/work/projects/data', permission: 'rw' }],
      });
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      const output = await run(
        kernel,
        'print(open("projects/data/input.txt").read().strip())\nopen("projects/data/out.txt", "w").write("made")',
      );
      expect(output).to.equal('kept\n');
      expect(readFileSync(join(folder, 'out.txt'), 'utf8')).to.equal('made');
      const resource = readFileSync(join(workRoot, spec.kernelId, 'config', 'resource.txt'), 'utf8');
      expect(resource).to.contain(`MOUNTS=${folder}:/home/work/projects/data:rw\n`);
      await backend.destroyKernel(spec.kernelId, 'user-requested');
      // The scratch space is gone; the folder behind the link is not.
      expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
      expect(readFileSync(join(folder, 'input.txt'), 'utf8')).to.equal('kept\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a mount outside /home/work, naming the path, and leaves no scratch space behind', async () => {
    const spec = kernelSpec({ mounts: [{ hostPath: workRoot, kernelPath: '/data', permission: 'ro' }] });
    let error: unknown;
    await backend
      .createKernel(spec, { environ: {}, resourceData: {}, deviceAllocation: {} })
      .catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'invalid-api-params');
    expect((error as Error).message).to.contain('"/data"');
    expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
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
    await backend
      .createKernel(spec, { environ: {}, resourceData: {}, deviceAllocation: {} })
      .catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'session-start-failed');
    expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
  });

  describe('after the agent was killed (kill -9, simulated by abandoning the kernels)', () => {
    /** A kernel that started two `sleep`s: one in its process group, one in a session of its own. */
    async function kernelWithLeftovers(): Promise<{
      kernel: BackendKernel;
      inGroup: number;
      ownSession: number;
    }> {
      const spec = kernelSpec();
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      const output = await run(
        kernel,
        [
          'import subprocess',
          'a = subprocess.Popen(["sleep", "600"])',
          'b = subprocess.Popen(["sleep", "600"], start_new_session=True)',
          'print(a.pid, b.pid)',
        ].join('\n'),
      );
      const [inGroup, ownSession] = output.trim().split(' ').map(Number) as [number, number];
      return { kernel, inGroup, ownSession };
    }

    it('kills what the kernels left running, removes their scratch directories, and recovers none', async () => {
      const { kernel, inGroup, ownSession } = await kernelWithLeftovers();
      const record = JSON.parse(readFileSync(join(workRoot, kernel.kernelId, 'kernel.json'), 'utf8'));
      expect(record).to.include({ kernelId: kernel.kernelId, pgid: Number(kernel.containerId) });
      expect(record.agent).to.include({ pid: process.pid });
      backend.abandonKernels();
      // The runner reads the end of its input and exits by itself; what user code started stays.
      await eventually(() => !processExists(Number(kernel.containerId)), 'the runner to exit by itself');
      expect([processExists(inGroup), processExists(ownSession)]).to.deep.equal([true, true]);

      backend = makeBackend();
      expect(await backend.recoverKernels()).to.deep.equal([]);
      await eventually(
        () => kernelProcesses(kernel.kernelId).length === 0,
        "the kernel's processes to be killed",
      );
      // SIGKILL is delivered asynchronously: a process in the middle of exiting has already lost
      // its environment (so the scan above no longer sees it) but is not yet a zombie.
      await eventually(
        () => !processExists(inGroup) && !processExists(ownSession),
        'both leftovers, the one in its own session too, to be gone',
      );
      expect(existsSync(join(workRoot, kernel.kernelId))).to.equal(false);
      const swept = logs.find((l) => l.msg === 'leftovers of a kernel of an earlier agent process removed');
      expect(swept).to.include({ kernelId: kernel.kernelId, scratchRemoved: true });
    });

    it('kills a runner still busy with user code when the agent died', async () => {
      const spec = kernelSpec();
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      kernel.runner.send({ op: 'code', data: 'import time\nprint("busy", flush=True)\ntime.sleep(600)' });
      await new Promise<void>((resolve) => kernel.runner.onMessage((m) => m.op === 'stdout' && resolve()));
      backend.abandonKernels();
      backend = makeBackend();
      await backend.recoverKernels();
      await eventually(() => !processExists(Number(kernel.containerId)), 'the busy runner to be killed');
      expect(existsSync(join(workRoot, spec.kernelId))).to.equal(false);
    });

    it('keeps the scratch directories with keepScratch, and still kills the leftovers', async () => {
      const { kernel, inGroup } = await kernelWithLeftovers();
      backend.abandonKernels();
      backend = makeBackend({ keepScratch: true });
      expect(await backend.recoverKernels()).to.deep.equal([]);
      await eventually(() => !processExists(inGroup), 'the leftover to be killed');
      expect(existsSync(join(workRoot, kernel.kernelId, 'work'))).to.equal(true);
    });

    it("never signals a process that is not the kernel's, even under a recorded group id", async () => {
      // An unrelated process leading its own group, as a reused pid would be.
      const stranger = spawn('sleep', ['600'], {
        detached: true,
        stdio: 'ignore',
        env: { PATH: process.env.PATH },
      });
      try {
        const scratch = join(workRoot, 'kernel-gone-long-ago');
        mkdirSync(join(scratch, 'work'), { recursive: true });
        writeFileSync(
          join(scratch, 'kernel.json'),
          JSON.stringify({
            kernelId: 'kernel-gone-long-ago',
            pgid: stranger.pid,
            runnerScript: '/nowhere/main.py',
          }),
        );
        await backend.recoverKernels();
        expect(existsSync(scratch)).to.equal(false);
        // The sweep signals before recoverKernels resolves and SIGKILL takes effect within
        // milliseconds: alive 300 ms later means it was never signalled.
        await consistently(() => processExists(stranger.pid!), 'the stranger to stay alive', { forMs: 300 });
      } finally {
        stranger.kill('SIGKILL');
      }
    });

    it('leaves alone the kernels of another agent process that still runs', async () => {
      // Another agent sharing the scratch root: a live process, named by its pid and start time.
      const other = spawn('sleep', ['600'], { stdio: 'ignore' });
      try {
        const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
        const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
        const fake = (name: string, agent: { pid: number; startTime: number }) => {
          mkdirSync(join(workRoot, name, 'work'), { recursive: true });
          writeFileSync(
            join(workRoot, name, 'kernel.json'),
            JSON.stringify({ kernelId: name, pgid: 0, agent }),
          );
        };
        fake('kernel-of-a-live-agent', { pid: other.pid!, startTime });
        fake('kernel-of-a-reused-pid', { pid: other.pid!, startTime: startTime + 1 });
        await backend.recoverKernels();
        expect(existsSync(join(workRoot, 'kernel-of-a-live-agent'))).to.equal(true);
        expect(existsSync(join(workRoot, 'kernel-of-a-reused-pid'))).to.equal(false);
      } finally {
        other.kill('SIGKILL');
      }
    });

    it('leaves alone the scratch directories of its own kernels and folders it did not make', async () => {
      const spec = kernelSpec();
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      mkdirSync(join(workRoot, 'not-a-scratch'));
      await backend.recoverKernels();
      expect(existsSync(join(workRoot, spec.kernelId))).to.equal(true);
      expect(existsSync(join(workRoot, 'not-a-scratch'))).to.equal(true);
      expect(await run(kernel, 'print("alive")')).to.equal('alive\n');
    });
  });

  describe('console log and measures', () => {
    it("keeps the last 1,000 lines of the kernel's console, the bootstrap script's among them", async () => {
      const spec = kernelSpec({ bootstrapScript: 'for i in $(seq 1 3000); do echo "line-$i"; done; exit 3' });
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      expect(await run(kernel, 'print("ready anyway")')).to.equal('ready anyway\n');
      const lines = (await backend.kernelLogs(spec.kernelId)).split('\n').filter(Boolean);
      expect(lines.length).to.be.at.most(1000);
      expect(lines).to.include('line-3000');
      expect(lines).to.not.include('line-1000');
      expect(lines.some((line) => /bootstrap script .* failed with exit code 3/.test(line))).to.equal(true);
      expect(await backend.kernelLogs('kernel-it-never-had')).to.equal('');
    });

    it("counts the memory and CPU time of the kernel's child processes", async () => {
      const spec = kernelSpec();
      const kernel = await backend.createKernel(spec, {
        environ: {},
        resourceData: {},
        deviceAllocation: {},
      });
      const before = (await backend.measureKernels([spec.kernelId]))[spec.kernelId]!;
      await run(
        kernel,
        [
          'import subprocess, sys',
          'child = subprocess.Popen([sys.executable, "-c", "data = b\'x\' * (200 * 1024 * 1024); sum(range(10**7)); print(1, flush=True); import time; time.sleep(600)"], stdout=subprocess.PIPE)',
          'child.stdout.readline()',
        ].join('\n'),
      );
      const after = (await backend.measureKernels([spec.kernelId]))[spec.kernelId]!;
      expect(after.memBytes! - before.memBytes!).to.be.above(150 * 1024 * 1024);
      expect(after.cpuUsedMs! - before.cpuUsedMs!).to.be.above(50);
      expect(after).to.not.have.property('memLimitBytes');
    });
  });
});
