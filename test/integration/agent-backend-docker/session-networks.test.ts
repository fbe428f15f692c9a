import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { BackendKernel } from '@tessera/core';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { DockerTestBench, dockerKernelSpec, KernelConsole, NO_EXTRA } from './docker-test-support';

/** A Python snippet that connects to host:port and prints `connected <reply>` or `failed <error>`. */
function connectSnippet(host: string, port: number, timeoutS: number): string {
  return [
    'import socket',
    'try:',
    `    s = socket.create_connection((${JSON.stringify(host)}, ${port}), timeout=${timeoutS})`,
    '    print("connected", s.recv(100).decode().strip())',
    'except Exception as e:',
    '    print("failed", type(e).__name__)',
  ].join('\n');
}

/** Starts a one-shot TCP server in the kernel (a thread) that greets whoever connects. */
const LISTENER = [
  'import socket, threading',
  'server = socket.socket()',
  'server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  'server.bind(("0.0.0.0", 9999))',
  'server.listen(5)',
  'def serve():',
  '    while True:',
  '        conn, _ = server.accept()',
  '        conn.sendall(b"hello from sub1\\n")',
  '        conn.close()',
  'threading.Thread(target=serve, daemon=True).start()',
  'print("listening")',
].join('\n');

/** Whether the engine's default bridge keeps its containers apart (dockerd --icc=false). */
async function defaultBridgeIsolated(docker: Dockerode): Promise<boolean> {
  const bridge = await docker.getNetwork('bridge').inspect();
  return bridge.Options?.['com.docker.network.bridge.enable_icc'] === 'false';
}

/** The networks a kernel's container is attached to, by name. */
async function networksOf(docker: Dockerode, kernel: BackendKernel): Promise<string[]> {
  return Object.keys((await docker.getContainer(kernel.containerId).inspect()).NetworkSettings.Networks);
}

async function addressOf(docker: Dockerode, kernel: BackendKernel): Promise<string> {
  const networks = (await docker.getContainer(kernel.containerId).inspect()).NetworkSettings.Networks;
  return Object.values(networks)[0]!.IPAddress;
}

/** Asserts that `from` cannot open a connection to `to`'s listener (a timeout, not a refusal). */
async function expectUnreachable(docker: Dockerode, from: KernelConsole, to: BackendKernel): Promise<void> {
  const started = Date.now();
  expect(await from.python(connectSnippet(await addressOf(docker, to), 9999, 3))).to.match(
    /^failed (timeout|TimeoutError)\n$/,
  );
  expect(Date.now() - started).to.be.lessThan(10_000);
}

describe('docker backend: a bridge network per session', function () {
  this.timeout(120_000);
  let bench: DockerTestBench;
  let backend: DockerBackend;

  before(async () => {
    bench = await DockerTestBench.open([31200, 31299]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
  });

  it('lets main1 reach sub1 by name, keeps another session out, and removes the network after its last kernel', async () => {
    const sessionId = randomUUID();
    const cluster = { mode: 'single-node' as const, size: 2, localRank: 0 };
    // Both kernels of the session start at once: the network must be created once, not twice.
    const [main, sub] = await Promise.all([
      backend.createKernel(
        dockerKernelSpec({ sessionId, cluster: { ...cluster, role: 'main', idx: 1, hostname: 'main1' } }),
        NO_EXTRA,
      ),
      backend.createKernel(
        dockerKernelSpec({
          sessionId,
          cluster: { ...cluster, role: 'sub', idx: 1, localRank: 1, hostname: 'sub1' },
        }),
        NO_EXTRA,
      ),
    ]);
    const mainConsole = new KernelConsole(main);
    const subConsole = new KernelConsole(sub);
    expect((await bench.networks()).map((n) => n.Name)).to.deep.equal([`tessera-${sessionId}`]);

    expect(await subConsole.python(LISTENER)).to.equal('listening\n');
    expect(await mainConsole.python('import socket\nprint(socket.gethostname())')).to.equal('main1\n');
    expect(await mainConsole.python(connectSnippet('sub1', 9999, 5))).to.equal('connected hello from sub1\n');
    const env = await mainConsole.python('import os\nprint(os.environ["BACKENDAI_CLUSTER_HOSTS"])');
    expect(env).to.equal('main1,sub1\n');

    // Another session's kernel: "sub1" does not resolve there, and sub1's address does not answer.
    // (A single-kernel session: on the default bridge when the engine keeps it isolated.)
    const outsider = new KernelConsole(await backend.createKernel(dockerKernelSpec(), NO_EXTRA));
    expect(await outsider.python(connectSnippet('sub1', 9999, 3))).to.equal('failed gaierror\n');
    await expectUnreachable(bench.docker, outsider, sub);
    expect((await bench.networks()).length).to.equal((await defaultBridgeIsolated(bench.docker)) ? 1 : 2);

    await backend.destroyKernel(main.kernelId, 'user-requested');
    expect((await bench.networks()).map((n) => n.Name)).to.include(`tessera-${sessionId}`);
    await backend.destroyKernel(sub.kernelId, 'user-requested');
    expect((await bench.networks()).map((n) => n.Name)).not.to.include(`tessera-${sessionId}`);
  });

  it('puts single-kernel sessions on the default bridge only when it keeps them apart (auto), where they cannot reach each other', async () => {
    const isolated = await defaultBridgeIsolated(bench.docker);
    const specs = [dockerKernelSpec(), dockerKernelSpec()];
    const [one, two] = await Promise.all(specs.map((spec) => backend.createKernel(spec, NO_EXTRA)));
    for (const [i, kernel] of [one!, two!].entries()) {
      const expected = isolated ? 'bridge' : `tessera-${specs[i]!.sessionId}`;
      expect(await networksOf(bench.docker, kernel)).to.deep.equal([expected]);
    }
    expect((await bench.networks()).length).to.equal(isolated ? 0 : 2);
    const twoConsole = new KernelConsole(two!);
    expect(await twoConsole.python(LISTENER)).to.equal('listening\n');
    expect(await new KernelConsole(one!).python('import socket\nprint(socket.gethostname())')).to.equal(
      'main1\n',
    );
    await expectUnreachable(bench.docker, new KernelConsole(one!), two!);

    await backend.destroyKernel(one!.kernelId, 'user-requested');
    await backend.destroyKernel(two!.kernelId, 'user-requested');
    expect(await bench.networks()).to.deep.equal([]);
    // The default bridge is the engine's: it stays.
    expect((await bench.docker.getNetwork('bridge').inspect()).Name).to.equal('bridge');
  });

  it("gives a single-kernel session a network of its own with singleKernelNetwork 'session', and the default bridge with 'bridge'", async () => {
    const own = bench.backend({ singleKernelNetwork: 'session' });
    const shared = bench.backend({ singleKernelNetwork: 'bridge' });
    const mineSpec = dockerKernelSpec();
    const mine = await own.createKernel(mineSpec, NO_EXTRA);
    const theirs = await shared.createKernel(dockerKernelSpec(), NO_EXTRA);
    expect(await networksOf(bench.docker, mine)).to.deep.equal([`tessera-${mineSpec.sessionId}`]);
    expect(await networksOf(bench.docker, theirs)).to.deep.equal(['bridge']);
    // Separate bridges are isolated from each other whatever the engine's icc setting.
    const theirsConsole = new KernelConsole(theirs);
    expect(await theirsConsole.python(LISTENER)).to.equal('listening\n');
    await expectUnreachable(bench.docker, new KernelConsole(mine), theirs);
    await own.destroyKernel(mine.kernelId, 'user-requested');
    await shared.destroyKernel(theirs.kernelId, 'user-requested');
    expect(await bench.networks()).to.deep.equal([]);
  });
});
