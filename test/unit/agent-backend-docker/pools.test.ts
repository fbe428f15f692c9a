import { expect } from 'chai';
import { createServer, type Server } from 'node:net';
import {
  CpuSetPool,
  parseCpuSet,
  PortPool,
  pullReference,
  backendArchitecture,
  parseBinarySize,
} from '@tessera/agent-backend-docker';
import { freePort } from '../../support/free-port';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}

describe('docker backend: host port pool', () => {
  it('hands out ports of its range once each, and again after release', async () => {
    const first = await freePort();
    const pool = new PortPool(first, first + 9, '127.0.0.1');
    const taken = await pool.allocate(2);
    expect(new Set(taken).size).to.equal(2);
    pool.release([taken[0]]);
    const more = await pool.allocate(1);
    expect(more).to.have.length(1);
    expect(taken.slice(1)).not.to.include(more[0]);
  });

  it('skips a port something else on the host listens on', async () => {
    const busy = await freePort();
    const server = await listen(busy);
    try {
      const pool = new PortPool(busy, busy, '127.0.0.1');
      await pool.allocate(1).then(
        () => expect.fail('a bound port was handed out'),
        (error: Error) => expect(error.message).to.match(/No free host port/),
      );
    } finally {
      server.close();
    }
  });

  it('says so when the bind host is not an address of this host', async () => {
    const pool = new PortPool(30000, 30010, '192.0.2.1');
    await pool.allocate(1).then(
      () => expect.fail('a port on a foreign address was handed out'),
      (error: Error) => expect(error.message).to.equal('bindHost 192.0.2.1 is not an address of this host'),
    );
    expect(pool.heldPorts()).to.deep.equal([]);
  });

  it('refuses when the range is used up, holding nothing of a partial allocation', async () => {
    const first = await freePort();
    const pool = new PortPool(first, first, '127.0.0.1');
    pool.reserve([first]);
    await pool.allocate(1).then(
      () => expect.fail('an exhausted range answered'),
      (error: Error) => expect(error.message).to.match(/No free host port/),
    );
    expect(pool.heldPorts()).to.deep.equal([first]);
  });
});

describe('docker backend: cpuset pool', () => {
  it('gives kernels disjoint cores, lowest first, and takes them back', () => {
    const pool = new CpuSetPool([0, 1, 2, 3]);
    expect(pool.allocate('a', 2)).to.deep.equal([0, 1]);
    pool.reserve('b', parseCpuSet('3'));
    expect(pool.allocate('c', 1)).to.deep.equal([2]);
    expect(() => pool.allocate('d', 1)).to.throw(/Not enough free CPU cores/);
    pool.release('a');
    expect(pool.allocate('d', 2)).to.deep.equal([0, 1]);
  });

  it('reads cpuset lists with ranges', () => {
    expect(parseCpuSet('0-2,5')).to.deep.equal([0, 1, 2, 5]);
  });
});

describe('docker backend: images and sizes', () => {
  it('pulls names without a registry host from the configured registry, others from their own', () => {
    expect(pullReference('tessera/python:3.11', 'https://registry.example.com:5000/')).to.deep.equal({
      reference: 'registry.example.com:5000/tessera/python:3.11',
      registryHost: 'registry.example.com:5000',
    });
    expect(pullReference('cr.backend.ai/stable/python:3.9', 'registry.example.com')).to.deep.equal({
      reference: 'cr.backend.ai/stable/python:3.9',
      registryHost: 'cr.backend.ai',
    });
  });

  it('spells architectures as Backend.AI does', () => {
    expect([
      backendArchitecture('amd64'),
      backendArchitecture('arm64'),
      backendArchitecture('riscv64'),
    ]).to.deep.equal(['x86_64', 'aarch64', 'riscv64']);
  });

  it('reads sizes with binary suffixes', () => {
    expect(parseBinarySize('64m', 'x')).to.equal(64 * 1024 ** 2);
    expect(parseBinarySize('1.5G', 'x')).to.equal(1.5 * 1024 ** 3);
    expect(parseBinarySize('268435456', 'x')).to.equal(268435456);
    expect(() => parseBinarySize('lots', 'resource_opts.shmem')).to.throw(
      /resource_opts.shmem is not a size/,
    );
  });
});
