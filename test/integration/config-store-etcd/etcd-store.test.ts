import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createLogger, type ConfigStore, type ConfigWatchEvent } from '@tessera/core';
import { bootTestKernel } from '@tessera/core/testing';
import { EtcdConfigStore } from '@tessera/config-store-etcd';
import { eventually } from '../../support/eventually';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { runCommand } from '../../support/run-command';
import { freePort } from '../../support/free-port';

const silent = createLogger({ level: 'silent' });

describe('config-store-etcd: layout, plugin and leases on the halfstack etcd', function () {
  this.timeout(30_000);
  let endpoint: string;
  let namespace: string;
  let store: EtcdConfigStore;
  const etcdctl = async (...args: string[]) =>
    (await runCommand('etcdctl', ['--endpoints', endpoint, ...args], { env: { ETCDCTL_API: '3' } })).stdout;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    endpoint = (await requireServices(['etcd'])).etcd;
  });
  beforeEach(async () => {
    namespace = `test-${randomUUID()}`;
    store = new EtcdConfigStore({ endpoints: [endpoint], namespace, requestTimeoutMs: 5000 }, silent);
    await store.connect();
  });
  afterEach(async () => {
    await store.deletePrefix('');
    await store.close();
  });

  it('stores keys as /sorna/<namespace>/<quoted segments>, as etcdctl and Backend.AI see them', async () => {
    await store.put('config/docker/registry/localhost:5000', 'http://localhost:5000');
    await store.put('config/redis/addr', '127.0.0.1:8110');
    const listed = await etcdctl('get', '--prefix', `/sorna/${namespace}/`);
    expect(listed.trim().split('\n')).to.deep.equal([
      `/sorna/${namespace}/config/docker/registry/localhost%3A5000`,
      'http://localhost:5000',
      `/sorna/${namespace}/config/redis/addr`,
      '127.0.0.1:8110',
    ]);
  });

  it('reads and watches what another etcd client writes in that layout', async () => {
    const events: ConfigWatchEvent[] = [];
    const unwatch = await store.watchPrefix('volumes/', (event) => events.push(event));
    await etcdctl('put', `/sorna/${namespace}/volumes/proxies/bai-m1/client_api`, 'http://127.0.0.1:6021');
    await etcdctl('put', `/sorna/${namespace}/volumes/default_host`, 'bai-m1%3Alocal');
    await etcdctl('put', `/sorna/other-${namespace}/volumes/default_host`, 'another namespace');
    expect(await store.get('volumes/proxies/bai-m1/client_api')).to.equal('http://127.0.0.1:6021');
    await eventually(() => events.length === 2, 'both changes arrive');
    await unwatch();
    await etcdctl('del', `/sorna/other-${namespace}/volumes/default_host`);
    expect(events).to.deep.equal([
      { type: 'put', key: 'volumes/proxies/bai-m1/client_api', value: 'http://127.0.0.1:6021' },
      { type: 'put', key: 'volumes/default_host', value: 'bai-m1%3Alocal' },
    ]);
  });

  it('tells the holder when someone else revokes the lease of its ephemeral key', async () => {
    const held = await store.putEphemeral('nodes/manager/i-1', 'up', 3000);
    const stored = await etcdctl('get', `/sorna/${namespace}/nodes/manager/i-1`, '-w', 'json');
    // Lease ids are 64-bit: read the digits, not a JSON number.
    const lease = BigInt(/"lease":(\d+)/.exec(stored)![1]).toString(16);
    await etcdctl('lease', 'revoke', lease);
    // The store hears of the revoke on its next lease keep-alive (a third of the 3 s ttl).
    await eventually(() => held.lost.aborted, 'the holder to learn it lost the key', 10_000);
    expect(await store.get('nodes/manager/i-1')).to.equal(null);
    await held.revoke(); // already gone: nothing to do, no error
  });

  it('revokes its ephemeral keys when it stops, so service discovery forgets this process', async () => {
    const other = new EtcdConfigStore({ endpoints: [endpoint], namespace, requestTimeoutMs: 5000 }, silent);
    await other.connect();
    await other.putEphemeral('nodes/agents/i-2', 'up', 30_000);
    expect(await store.get('nodes/agents/i-2')).to.equal('up');
    await other.close();
    expect(await store.get('nodes/agents/i-2')).to.equal(null);
  });

  it('runs as a plugin: a kernel boots it from its config and provides it as config-store', async () => {
    const test = await bootTestKernel({
      plugins: [{ package: '@tessera/config-store-etcd', config: { endpoints: [endpoint], namespace } }],
    });
    try {
      const provided = test.kernel.resolve<ConfigStore>('config-store');
      await provided.put('config/system/timezone', 'UTC');
      expect(await store.get('config/system/timezone')).to.equal('UTC');
    } finally {
      await test.stop();
    }
  });

  it('fails the start with one line naming the endpoints when etcd does not answer', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    let failure: Error | undefined;
    try {
      const test = await bootTestKernel({
        plugins: [
          { package: '@tessera/config-store-etcd', config: { endpoints: [nobody], requestTimeoutMs: 1000 } },
        ],
      });
      await test.stop();
    } catch (error) {
      failure = error as Error;
    }
    expect(failure, 'the start fails').to.be.instanceOf(Error);
    const line = failure!.message.split('\n').find((text) => text.includes('config-store-etcd'));
    expect(line).to.match(
      new RegExp(`plugin config-store-etcd failed in init: etcd at ${nobody} did not answer \\(connect\\): `),
    );
  });
});
