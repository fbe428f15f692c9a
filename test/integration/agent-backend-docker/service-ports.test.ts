import { expect } from 'chai';
import { connect } from 'node:net';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { DockerTestBench, dockerKernelSpec, KernelConsole, NO_EXTRA } from './docker-test-support';

/** True when something accepts connections on 127.0.0.1:port. */
function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('docker backend: service ports', function () {
  this.timeout(120_000);
  let bench: DockerTestBench;
  let backend: DockerBackend;

  before(async () => {
    bench = await DockerTestBench.open([31300, 31399]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
  });

  it("publishes the image's jupyter port on the bind host, and jupyter started by the runner answers there", async () => {
    const kernel = await backend.createKernel(dockerKernelSpec(), NO_EXTRA);
    expect(kernel.kernelHost).to.equal('127.0.0.1');
    expect(kernel.servicePorts).to.have.length(1);
    const [jupyter] = kernel.servicePorts;
    expect(jupyter).to.deep.include({ name: 'jupyter', protocol: 'http', containerPorts: [8090] });
    const hostPort = jupyter.hostPorts[0]!;
    expect(hostPort).to.be.within(31300, 31399);
    const info = await bench.docker.getContainer(kernel.containerId).inspect();
    expect(info.HostConfig.PortBindings['8090/tcp']).to.deep.equal([
      { HostIp: '127.0.0.1', HostPort: String(hostPort) },
    ]);

    const console = new KernelConsole(kernel);
    const result = console.next('service-result', 60_000);
    kernel.runner.send({
      op: 'start-service',
      data: { requestId: 'r-1', service: 'jupyter', protocol: 'http', ports: [8090], args: {}, envs: {} },
    });
    expect(await result).to.deep.include({ requestId: 'r-1', status: 'started' });
    const response = await fetch(`http://127.0.0.1:${hostPort}/api`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.have.property('version');
  });

  it('gives each kernel its own host port and takes it back when the kernel goes', async () => {
    const first = await backend.createKernel(dockerKernelSpec(), NO_EXTRA);
    const second = await backend.createKernel(dockerKernelSpec(), NO_EXTRA);
    const ports = [first, second].map((k) => k.servicePorts[0].hostPorts[0]);
    expect(ports[0]).not.to.equal(ports[1]);
    await backend.destroyKernel(first.kernelId, 'user-requested');
    await backend.destroyKernel(second.kernelId, 'user-requested');
    const left = (await bench.containers()).map((c) => c.Id);
    expect(left).not.to.include(first.containerId);
    expect(left).not.to.include(second.containerId);
    for (const port of ports) expect(await listens(port!)).to.equal(false, `port ${port} still published`);
  });
});
