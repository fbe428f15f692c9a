import { expect } from 'chai';
import { createLogger, type ConfigWatchEvent, type HealthReport } from '@tessera/core';
import { EtcdConfigStore } from '@tessera/config-store-etcd';
import { WatchHealth } from '@tessera/config-store-etcd/dist/watch-health';
import { CuttableLink } from './cuttable-link';
import { PrivateEtcd } from './private-etcd';

const silent = createLogger({ level: 'silent' });

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function storeAt(url: string, health?: WatchHealth): EtcdConfigStore {
  return new EtcdConfigStore(
    { endpoints: [url], namespace: 'reconnect', requestTimeoutMs: 2000 },
    silent,
    health,
  );
}

/** Watches on a private etcd that the tests cut off and restart; the halfstack etcd is not touched. */
describe('config-store-etcd: watches survive losing etcd (private etcd)', function () {
  this.timeout(60_000);
  let etcd: PrivateEtcd;
  let writer: EtcdConfigStore;
  before(async () => {
    etcd = await PrivateEtcd.start();
  });
  after(async () => etcd?.remove());
  beforeEach(async () => {
    writer = storeAt(etcd.url);
    await writer.connect();
    await writer.deletePrefix('');
  });
  afterEach(async () => writer?.close());

  it('replays every change made while its link to etcd was cut, once each and in order', async () => {
    const link = await CuttableLink.open(etcd.clientPort);
    const reports: HealthReport[] = [];
    const watcherStore = storeAt(link.url, new WatchHealth(silent, (report) => reports.push(report)));
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('config/', (event) => events.push(event));
      await writer.put('config/a', '1');
      await until('the first change arrives', () => events.length === 1);

      link.sever();
      await until('the store reports the watch disconnected', () =>
        reports.some((report) => report.status === 'degraded'),
      );
      await writer.put('config/b', '2');
      await writer.put('config/a', '3');
      await writer.put('other/x', 'not watched');
      await writer.deletePrefix('config/');
      await writer.put('config/c', '4');
      expect(events).to.have.length(1, 'nothing arrives while the link is cut');

      link.mend();
      await until('the replay arrives', () => events.length === 6);
      await writer.put('config/d', '5');
      await until('a later change arrives', () => events.length === 7);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // One delete event per key of the deleted range, in key order, all at one revision.
      expect(events).to.deep.equal([
        { type: 'put', key: 'config/a', value: '1' },
        { type: 'put', key: 'config/b', value: '2' },
        { type: 'put', key: 'config/a', value: '3' },
        { type: 'delete', key: 'config/a', value: null },
        { type: 'delete', key: 'config/b', value: null },
        { type: 'put', key: 'config/c', value: '4' },
        { type: 'put', key: 'config/d', value: '5' },
      ]);
      expect(reports.at(-1)).to.deep.equal({ status: 'ok' });
    } finally {
      await watcherStore.close();
      await link.close();
    }
  });

  it('loses nothing when the link breaks again between reconnecting and the replay', async () => {
    // etcd answers a resumed watch with "created" at once and replays the missed changes up to
    // 100 ms later. etcd3 alone would take the resume point from that "created" answer, so a
    // second break in between would skip the changes not yet replayed.
    const link = await CuttableLink.open(etcd.clientPort);
    const reports: HealthReport[] = [];
    let breakOnReconnect = false;
    const health = new WatchHealth(silent, (report) => {
      reports.push(report);
      if (report.status === 'ok' && breakOnReconnect) {
        breakOnReconnect = false;
        link.sever();
        setTimeout(() => link.mend(), 200);
      }
    });
    const watcherStore = storeAt(link.url, health);
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('config/', (event) => events.push(event));
      await writer.put('config/a', '1');
      await until('the first change arrives', () => events.length === 1);
      link.sever();
      await until('the watch is disconnected', () => reports.some((report) => report.status === 'degraded'));
      await writer.put('config/b', '2');
      await writer.put('config/c', '3');
      breakOnReconnect = true;
      link.mend();
      await until('the watch reconnected twice', () => reports.filter((r) => r.status === 'ok').length === 2);
      await writer.put('config/d', '4');
      await until('the last change arrives', () => events.some((event) => event.key === 'config/d'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(events.map((event) => `${event.key}=${event.value}`)).to.deep.equal([
        'config/a=1',
        'config/b=2',
        'config/c=3',
        'config/d=4',
      ]);
    } finally {
      await watcherStore.close();
      await link.close();
    }
  });

  it('keeps watching and keeps its ephemeral key across an etcd restart', async () => {
    const watcherStore = storeAt(etcd.url);
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('nodes/', (event) => events.push(event));
      const registration = await watcherStore.putEphemeral('nodes/manager/i-1', 'up', 5000);
      await until('the registration is seen', () => events.length === 1);

      await etcd.stop();
      await etcd.start();
      const restartedWriter = storeAt(etcd.url);
      await restartedWriter.connect();
      try {
        await restartedWriter.put('nodes/agents/i-2/ip', '10.0.0.2');
        await until('the change made after the restart arrives', () => events.length === 2);
        expect(await restartedWriter.get('nodes/manager/i-1')).to.equal('up');
        expect(registration.lost.aborted).to.equal(false);
        await registration.revoke();
        await until('the revoke is seen', () => events.length === 3);
      } finally {
        await restartedWriter.close();
      }
      expect(events).to.deep.equal([
        { type: 'put', key: 'nodes/manager/i-1', value: 'up' },
        { type: 'put', key: 'nodes/agents/i-2/ip', value: '10.0.0.2' },
        { type: 'delete', key: 'nodes/manager/i-1', value: null },
      ]);
    } finally {
      await watcherStore.close();
    }
  });

  it('says an ephemeral key is lost when etcd stays away longer than its ttl, and etcd deletes it', async () => {
    const link = await CuttableLink.open(etcd.clientPort);
    const holder = storeAt(link.url);
    try {
      await holder.connect();
      const registration = await holder.putEphemeral('nodes/storage/s-1', 'up', 1000);
      link.sever();
      await until('the holder learns the key is lost', () => registration.lost.aborted, 15_000);
      await until(
        'etcd deletes the key',
        async () => (await writer.get('nodes/storage/s-1')) === null,
        15_000,
      );
    } finally {
      await holder.close();
      await link.close();
    }
  });
});
