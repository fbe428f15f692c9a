import { expect } from 'chai';
import type { LockHandle } from '@tessera/core';
import type { EtcdLockService } from '@tessera/lock-etcd';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { BlackholeProxy } from '../../support/blackhole-proxy';
import { eventually } from '../../support/eventually';
import { randomNamespace } from '../../support/locks/random-namespace';
import { recordTimeline } from '../../support/locks/watch-outcome';
import {
  connectEtcdLocks,
  deleteEtcdNamespace,
  etcdContenderKeys,
  revokeEtcdLeases,
} from './support/etcd-locks';

describe('lock-etcd: lease expiry and layout on a real etcd', function () {
  this.timeout(30_000);
  let url: string;
  let namespace: string;
  let services: EtcdLockService[];
  let proxy: BlackholeProxy | undefined;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['etcd'])).etcd;
  });
  beforeEach(() => {
    namespace = randomNamespace();
    services = [];
    proxy = undefined;
  });
  afterEach(async () => {
    await proxy?.close();
    await Promise.all(services.map((service) => service.close()));
    await deleteEtcdNamespace(url, namespace);
  });

  async function connect(through = url): Promise<EtcdLockService> {
    const service = await connectEtcdLocks(through, namespace);
    services.push(service);
    return service;
  }

  it('partitioned holder: it learns it lost the lock before etcd expires the lease and a waiter takes over', async () => {
    const target = new URL(url);
    proxy = new BlackholeProxy(target.hostname, Number(target.port));
    const partitioned = await connect(`http://127.0.0.1:${await proxy.listen()}`);
    const healthy = await connect();
    const first = await partitioned.acquire('partitioned', { ttlMs: 2000 });
    expect(first).to.not.equal(null);
    const waiting = healthy.acquire('partitioned', { timeoutMs: 15_000, ttlMs: 2000 });
    const timeline = recordTimeline(first!, waiting);

    const cutAt = Date.now();
    proxy.blackhole();
    const second = await waiting;

    expect(second && second.fence).to.be.greaterThan(first!.fence);
    expect(timeline.lostAt, 'the partitioned holder learned it lost the lock').to.be.a('number');
    expect(timeline.lostAt!).to.be.at.most(timeline.takenAt!, 'it stopped before the waiter took over');
    expect(timeline.lostAt! - cutAt).to.be.below(2000, 'within the lease');
    expect(timeline.takenAt! - cutAt).to.be.at.least(1000, 'etcd kept the lease until it expired');
    await first!.release(); // lost: returns at once, without reaching etcd
    await second!.release();
  });

  it("revoking the holder's lease from another client hands the lock to the next waiter", async () => {
    const one = await connect();
    const two = await connect();
    const first = await one.acquire('revoked');
    const waiting = two.acquire('revoked', { timeoutMs: 10_000 });
    const [holderKey] = await etcdContenderKeys(url, namespace, 'revoked');
    expect(await revokeEtcdLeases(url, namespace, (key) => key === holderKey)).to.equal(1);
    const second = await waiting;
    expect(second && second.fence).to.be.greaterThan(first!.fence);
    await eventually(() => first!.lost.aborted, 'the first holder learns it lost the lock');
    await first!.release();
    expect(await one.tryAcquire('revoked')).to.equal(null);
    await second!.release();
  });

  it('a waiter whose lease is revoked queues again and still gets the lock', async () => {
    const one = await connect();
    const two = await connect();
    const first = await one.acquire('requeued');
    const waiting = two.acquire('requeued', { timeoutMs: 10_000 });
    await eventually(
      async () => (await etcdContenderKeys(url, namespace, 'requeued')).length === 2,
      'the waiter is queued',
    );
    const [, waiterKey] = await etcdContenderKeys(url, namespace, 'requeued');
    expect(await revokeEtcdLeases(url, namespace, (key) => key === waiterKey)).to.equal(1);
    await eventually(async () => {
      const keys = await etcdContenderKeys(url, namespace, 'requeued');
      return keys.length === 2 && keys[1] !== waiterKey;
    }, 'the waiter queued again with a new lease');
    expect(first!.lost.aborted, 'the holder is not disturbed').to.equal(false);
    await first!.release();
    const second = await waiting;
    expect(second && second.fence).to.be.greaterThan(first!.fence);
    await second!.release();
  });

  it('serves waiters first come, first served', async () => {
    const services = [await connect(), await connect(), await connect()];
    const holder = await services[0].acquire('queue');
    const order: number[] = [];
    const handles: Array<Promise<LockHandle | null>> = [];
    for (const [index, service] of services.entries()) {
      handles.push(
        service.acquire('queue', { timeoutMs: 10_000 }).then(async (handle) => {
          order.push(index);
          await new Promise((resolve) => setTimeout(resolve, 20));
          await handle?.release();
          return handle;
        }),
      );
      await eventually(
        async () => (await etcdContenderKeys(url, namespace, 'queue')).length === index + 2,
        `waiter ${index} queued`,
      );
    }
    await holder!.release();
    const granted = await Promise.all(handles);
    expect(order).to.deep.equal([0, 1, 2]);
    const fences = granted.map((handle) => handle!.fence);
    expect(fences).to.deep.equal([...fences].sort((a, b) => a - b));
  });

  it('keeps a lock and the locks named under it independent', async () => {
    const locks = await connect();
    const parent = await locks.tryAcquire('schedule');
    const child = await locks.tryAcquire('schedule/default');
    expect(parent, 'the parent').to.not.equal(null);
    expect(child, 'the child, while the parent is held').to.not.equal(null);
    await parent!.release();
    expect(await locks.tryAcquire('schedule/default')).to.equal(null);
    const again = await locks.tryAcquire('schedule');
    expect(again, 'the parent, while the child is held').to.not.equal(null);
    await again!.release();
    await child!.release();
  });

  it('keeps namespaces apart', async () => {
    const mine = await connect();
    const held = await mine.acquire('shared-name');
    const otherNamespace = randomNamespace();
    const other = await connectEtcdLocks(url, otherNamespace);
    try {
      const theirs = await other.tryAcquire('shared-name');
      expect(theirs).to.not.equal(null);
      await theirs!.release();
    } finally {
      await other.close();
      await deleteEtcdNamespace(url, otherNamespace);
    }
    await held!.release();
  });
});
