import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
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
    const subAddress = Object.values(
      (await bench.docker.getContainer(sub.containerId).inspect()).NetworkSettings.Networks,
    )[0].IPAddress;
    const outsider = new KernelConsole(await backend.createKernel(dockerKernelSpec(), NO_EXTRA));
    expect(await outsider.python(connectSnippet('sub1', 9999, 3))).to.equal('failed gaierror\n');
    const started = Date.now();
    expect(await outsider.python(connectSnippet(subAddress, 9999, 3))).to.match(
      /^failed (timeout|TimeoutError)\n$/,
    );
    expect(Date.now() - started).to.be.lessThan(10_000);
    expect((await bench.networks()).length).to.equal(2);

    await backend.destroyKernel(main.kernelId, 'user-requested');
    expect((await bench.networks()).map((n) => n.Name)).to.include(`tessera-${sessionId}`);
    await backend.destroyKernel(sub.kernelId, 'user-requested');
    expect((await bench.networks()).map((n) => n.Name)).not.to.include(`tessera-${sessionId}`);
  });
});
