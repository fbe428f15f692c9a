import { expect } from 'chai';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import {
  BUSYBOX_IMAGE,
  DockerTestBench,
  dockerKernelSpec,
  KernelConsole,
  NO_EXTRA,
} from './docker-test-support';
import { eventually } from '../../support/eventually';

describe('docker backend: an exec-only image (no runtime, docker exec)', function () {
  this.timeout(60_000);
  let bench: DockerTestBench;
  let backend: DockerBackend;

  before(async () => {
    bench = await DockerTestBench.open([31400, 31499]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
  });

  async function start(overrides: Parameters<typeof dockerKernelSpec>[0] = {}): Promise<KernelConsole> {
    const kernel = await backend.createKernel(
      dockerKernelSpec({ image: BUSYBOX_IMAGE, sessionType: 'batch', ...overrides }),
      NO_EXTRA,
    );
    return new KernelConsole(kernel);
  }

  it('is listed with its labels and runs batch steps: output, exit codes, a failed build skips exec', async () => {
    const images = await backend.scanImages();
    expect(images.find((i) => i.name === BUSYBOX_IMAGE)?.labels).to.include({ 'ai.backend.kernelspec': '1' });
    const console = await start({ environ: { GREETING: 'hi' } });
    expect(console.kernel.servicePorts).to.deep.equal([]);
    expect(await console.run('echo $GREETING; echo oops >&2; exit 3', 'exec')).to.deep.equal({
      stdout: 'hi\n',
      stderr: 'oops\n',
      exitCode: 3,
    });
    const steps: Array<[string, unknown]> = [];
    console.kernel.runner.onMessage((m) => {
      if (m.op.endsWith('finished')) steps.push([m.op, m.data]);
    });
    console.kernel.runner.send({ op: 'clean', data: '' });
    console.kernel.runner.send({ op: 'build', data: 'false' });
    const finished = console.next('finished');
    console.kernel.runner.send({ op: 'exec', data: 'echo never' });
    await finished;
    expect(steps).to.deep.equal([
      ['clean-finished', { exitCode: 0 }],
      ['build-finished', { exitCode: 1 }],
      ['finished', { exitCode: 127 }],
    ]);
  });

  it('answers a query `echo hi`, as the kernel user in /home/work', async () => {
    const console = await start();
    expect(await console.run('echo hi', 'code')).to.deep.equal({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    expect((await console.run('id -u; pwd', 'code')).stdout).to.equal('1000\n/home/work\n');
  });

  it('interrupts a running command with SIGINT, and runs the next one after it', async () => {
    const console = await start();
    const long = console.run('sleep 30; echo not interrupted', 'code');
    const after = console.run('echo next', 'code');
    await new Promise((resolve) => setTimeout(resolve, 500));
    console.kernel.runner.send({ op: 'interrupt', data: null });
    expect(await long).to.deep.include({ stdout: '', exitCode: 130 });
    expect((await after).stdout).to.equal('next\n');
  });

  it('refuses services and input, saying the image has no runner', async () => {
    const console = await start();
    const result = console.next('service-result');
    console.kernel.runner.send({ op: 'start-service', data: { requestId: 'r-9', service: 'jupyter' } });
    expect(await result).to.deep.include({ requestId: 'r-9', status: 'failed' });
    expect(((await result) as { error: string }).error).to.match(/no runner/);
    const refusal = console.next('stderr');
    console.kernel.runner.send({ op: 'input', data: 'typed' });
    expect(await refusal).to.match(/no runner.*input is not supported/);
  });

  it('runs the bootstrap script before it is ready, its output in the kernel logs', async () => {
    const console = await start({ bootstrapScript: 'echo booted; echo made > /home/work/bootstrapped' });
    expect(await backend.kernelLogs(console.kernel.kernelId)).to.equal('booted\n');
    expect((await console.run('cat bootstrapped', 'code')).stdout).to.equal('made\n');
  });

  it('stops on destroy (the keep-alive leaves on SIGTERM) with exit code 0, leaving no container', async () => {
    const console = await start();
    const destroyed = await backend.destroyKernel(console.kernel.kernelId, 'user-requested');
    expect(destroyed).to.equal(0);
    expect(await console.kernel.exited).to.equal(0);
    const left = await bench.containers();
    expect(left.map((c) => c.Id)).not.to.include(console.kernel.containerId);
  });

  it('gives a terminal too: a shell on a pty as the kernel user, without Python in the image', async () => {
    const { kernel } = await start({ sessionType: 'interactive' });
    const terminal = await backend.openTerminal(kernel.kernelId, { rows: 30, cols: 100 });
    let screen = '';
    terminal.onOutput((chunk) => (screen += chunk.toString('utf8')));
    terminal.write('echo "user-$(id -u) in $(pwd) sized $(stty size | tr " " x)"\n');
    await eventually(() => screen.includes('user-1000 in /home/work sized 30x100'), 'the shell to answer');
    await terminal.close();
    expect(await terminal.exited).to.not.equal(undefined);
  });
});
