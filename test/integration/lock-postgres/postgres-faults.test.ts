import { expect } from 'chai';
import type { LockHandle } from '@tessera/core';
import { sessionApplicationName, type PostgresLockService } from '@tessera/lock-postgres';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { BlackholeProxy } from '../../support/blackhole-proxy';
import { eventually } from '../../support/eventually';
import { randomNamespace } from '../../support/locks/random-namespace';
import { recordTimeline } from '../../support/locks/watch-outcome';
import {
  connectPostgresLocks,
  postgresSettings,
  terminatePostgresHolders,
  withPostgres,
} from './support/postgres-locks';

describe('lock-postgres: session loss and queueing on a real PostgreSQL', function () {
  this.timeout(30_000);
  let url: string;
  let namespace: string;
  let services: PostgresLockService[];
  let proxy: BlackholeProxy | undefined;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['postgres'])).postgres;
  });
  beforeEach(() => {
    namespace = randomNamespace();
    services = [];
    proxy = undefined;
  });
  afterEach(async () => {
    await proxy?.close();
    await Promise.all(services.map((service) => service.close()));
  });

  async function connect(through = url): Promise<PostgresLockService> {
    const service = await connectPostgresLocks(through, namespace);
    services.push(service);
    return service;
  }

  /** Sessions of this test's namespace waiting for an advisory lock. */
  async function waitingSessions(): Promise<number> {
    return withPostgres(url, async (client) => {
      const result = await client.query(
        `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = $1`,
        [sessionApplicationName(namespace)],
      );
      return result.rowCount ?? 0;
    });
  }

  it('partitioned holder: it learns it lost the lock before the server ends its idle session and a waiter takes over', async () => {
    const { host, port } = postgresSettings(url);
    proxy = new BlackholeProxy(host, port);
    const proxiedUrl = new URL(url);
    proxiedUrl.hostname = '127.0.0.1';
    proxiedUrl.port = String(await proxy.listen());
    const partitioned = await connect(proxiedUrl.toString());
    const healthy = await connect();
    const first = await partitioned.acquire('partitioned', { ttlMs: 1000 });
    expect(first).to.not.equal(null);
    const waiting = healthy.acquire('partitioned', { timeoutMs: 15_000 });
    const timeline = recordTimeline(first!, waiting);
    await eventually(async () => (await waitingSessions()) === 1, 'the waiter is queued');

    const cutAt = Date.now();
    proxy.blackhole();
    const second = await waiting;

    expect(second && second.fence).to.be.greaterThan(first!.fence);
    expect(timeline.lostAt, 'the partitioned holder learned it lost the lock').to.be.a('number');
    expect(timeline.lostAt!).to.be.at.most(timeline.takenAt!, 'it stopped before the waiter took over');
    expect(timeline.takenAt! - cutAt).to.be.at.least(
      500,
      'the server kept the session until it was idle too long',
    );
    await first!.release(); // lost: returns at once
    await second!.release();
  });

  it("ending the holder's session from another connection hands the lock to the next waiter", async () => {
    const one = await connect();
    const two = await connect();
    const first = await one.acquire('terminated');
    const waiting = two.acquire('terminated', { timeoutMs: 10_000 });
    await eventually(async () => (await waitingSessions()) === 1, 'the waiter is queued');
    expect(await terminatePostgresHolders(url, namespace)).to.equal(1);
    const second = await waiting;
    expect(second && second.fence).to.be.greaterThan(first!.fence);
    await eventually(() => first!.lost.aborted, 'the first holder learns it lost the lock');
    await first!.release();
    expect(await one.tryAcquire('terminated')).to.equal(null);
    await second!.release();
  });

  it('serves waiters first come, first served', async () => {
    const contenders = [await connect(), await connect(), await connect()];
    const holder = await contenders[0].acquire('queue');
    const order: number[] = [];
    const handles: Array<Promise<LockHandle | null>> = [];
    for (const [index, service] of contenders.entries()) {
      handles.push(
        service.acquire('queue', { timeoutMs: 10_000 }).then(async (handle) => {
          order.push(index);
          await new Promise((resolve) => setTimeout(resolve, 20));
          await handle?.release();
          return handle;
        }),
      );
      await eventually(async () => (await waitingSessions()) === index + 1, `waiter ${index} queued`);
    }
    await holder!.release();
    const granted = await Promise.all(handles);
    expect(order).to.deep.equal([0, 1, 2]);
    const fences = granted.map((handle) => handle!.fence);
    expect(fences).to.deep.equal([...fences].sort((a, b) => a - b));
  });

  it('keeps namespaces apart in one database', async () => {
    const mine = await connect();
    const held = await mine.acquire('shared-name');
    const other = await connectPostgresLocks(url, randomNamespace());
    try {
      const theirs = await other.tryAcquire('shared-name');
      expect(theirs).to.not.equal(null);
      await theirs!.release();
    } finally {
      await other.close();
    }
    await held!.release();
  });

  it('holds one session per held lock, and closes it on release', async () => {
    const locks = await connect();
    const sessions = () =>
      withPostgres(url, async (client) => {
        const result = await client.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [
          sessionApplicationName(namespace),
        ]);
        return result.rowCount ?? 0;
      });
    const a = await locks.acquire('a');
    const b = await locks.acquire('b');
    expect(await sessions()).to.equal(2);
    await a!.release();
    await b!.release();
    await eventually(async () => (await sessions()) === 0, 'both sessions are closed');
  });
});
